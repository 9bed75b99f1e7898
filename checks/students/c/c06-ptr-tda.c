/* backward.c -- lab 4.  Raw pointers into ->data, rows stepped by ->tda
 * (the TA said a view can have tda > size2). */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  const gsl_matrix *P = cache->prob, *A = cache->p1, *Z = cache->z1;
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  gsl_matrix *dZ2 = g->dz2, *dW2 = g->dW2, *dP1 = g->dp1;
  gsl_matrix *dZ1 = g->dz1, *dW1 = g->dW1;
  double *db2 = g->db2->data, *db1 = g->db1->data;
  const size_t s2 = g->db2->stride, s1 = g->db1->stride;
  const double invN = 1.0 / (double) N;

  /* 1 */
  for (size_t n = 0; n < N; n++)
    {
      const double *pr = P->data + n * P->tda;
      double *out = dZ2->data + n * dZ2->tda;
      for (size_t c = 0; c < C; c++)
        out[c] = pr[c] * invN;
      out[y[n]] -= invN;
    }

  /* 2 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double acc = 2.0 * reg * W2->data[h * W2->tda + c];
        for (size_t n = 0; n < N; n++)
          acc += A->data[n * A->tda + h] * dZ2->data[n * dZ2->tda + c];
        dW2->data[h * dW2->tda + c] = acc;
      }

  /* 3 */
  for (size_t c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < N; n++)
        acc += dZ2->data[n * dZ2->tda + c];
      db2[c * s2] = acc;
    }

  /* 4 */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (size_t c = 0; c < C; c++)
          acc += dZ2->data[n * dZ2->tda + c] * W2->data[h * W2->tda + c];
        dP1->data[n * dP1->tda + h] = acc;
      }

  /* 5 */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      dZ1->data[n * dZ1->tda + h] =
        Z->data[n * Z->tda + h] > 0.0 ? dP1->data[n * dP1->tda + h] : 0.0;

  /* 6 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 2.0 * reg * W1->data[d * W1->tda + h];
        for (size_t n = 0; n < N; n++)
          acc += X->data[n * X->tda + d] * dZ1->data[n * dZ1->tda + h];
        dW1->data[d * dW1->tda + h] = acc;
      }

  /* 7 */
  for (size_t h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < N; n++)
        acc += dZ1->data[n * dZ1->tda + h];
      db1[h * s1] = acc;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
