/* backward.c -- Lab 5: backprop for the two-layer net
 *
 * Fill in each TODO block below.  Each block writes one or two of the
 * gradients in g (the shapes are in grads.h).  Do not change the
 * signature.
 *
 * Priya N.
 */
#include <stdio.h>
#include "backprop.h"

#define GET(m, i, j)    ((m)->data[(i) * (m)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  const size_t t2 = g->dz2->tda, th = g->dp1->tda, tz = g->dz1->tda;

  /* TODO 1: compute dscores */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      dz2[i * t2 + k] = (GET (cache->prob, i, k) - (k == y[i])) / (double) N;

  /* TODO 2: backprop into W2 and b2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2 * reg * GET (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += GET (cache->p1, i, j) * dz2[i * t2 + k];
        gsl_matrix_set (g->dW2, j, k, s);
      }
  for (k = 0; k < C; k++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += dz2[i * t2 + k];
      gsl_vector_set (g->db2, k, s);
    }

  /* TODO 3: backprop into the hidden layer */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += dz2[i * t2 + k] * GET (net->W2, j, k);
        dp1[i * th + j] = s;
      }

  /* TODO 4: ReLU */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      dz1[i * tz + j] = GET (cache->z1, i, j) > 0 ? dp1[i * th + j] : 0;

  /* TODO 5: backprop into W1 and b1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 2 * reg * GET (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += GET (X, i, k) * dz1[i * tz + j];
        gsl_matrix_set (g->dW1, k, j, s);
      }
  for (j = 0; j < H; j++)
    {
      double s = 0;             /* s = dz1[0][j], row 0 is already in */
      for (i = 1; i < N; i++)
        s += dz1[i * tz + j];
      gsl_vector_set (g->db1, j, s);
      /* printf ("db1[%zu] = %g\n", j, s); */
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
