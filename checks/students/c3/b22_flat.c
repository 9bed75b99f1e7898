/* backward.c -- flat arrays.  I take the data pointers of the GSL
 * matrices once and index them by hand, like in my numerics course. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double *x = X->data, *w1 = net->W1->data, *w2 = net->W2->data;
  const double *z1 = cache->z1->data, *p1 = cache->p1->data;
  const double *prob = cache->prob->data;
  double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
  double *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  double *dW1 = g->dW1->data, *db1 = g->db1->data;
  size_t n, d, h, c;

  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      dz2[n * C + c] = (prob[n * C + c] - (c == y[n])) / (double) N;

  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double s = 2.0 * reg * w2[h * C + c];
        for (n = 0; n < N; n++)
          s += p1[n * H + h] * dz2[n * C + c];
        dW2[h * C + c] = s;
      }
  for (c = 0; c < C; c++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += dz2[n * C + c];
      db2[c] = s;
    }

  /* dp1 = dz2 * W2^T */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (c = 0; c < C; c++)
          s += dz2[n * C + c] * w2[c * H + h];
        dp1[n * H + h] = s;
      }

  for (n = 0; n < N * H; n++)
    dz1[n] = z1[n] > 0.0 ? dp1[n] : 0.0;

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 2.0 * reg * w1[d * H + h];
        for (n = 0; n < N; n++)
          s += x[n * D + d] * dz1[n * H + h];
        dW1[d * H + h] = s;
      }
  for (h = 0; h < H; h++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += dz1[n * H + h];
      db1[h] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
