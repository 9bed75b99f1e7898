/* backward.c -- A2 Q3, backward pass.
 *
 * Elementwise parts are done straight on ->data (row i starts at
 * data + i*tda), the products with dgemm.  ReLU mask: p1 > 0 is the same
 * test as z1 > 0 since p1 = max(0, z1).
 *
 * N batch, D in, H hidden, C classes. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double invN;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  /* dz2 (N,C): prob/N, minus 1/N at the label */
  for (i = 0; i < N; i++)
    {
      const double *pr = cache->prob->data + i * cache->prob->tda;
      double *dr = g->dz2->data + i * g->dz2->tda;
      for (j = 0; j < C; j++)
        dr[j] = pr[j] * invN;
      dr[y[i]] -= invN;
    }

  /* dW2 (H,C) = p1' dz2, then + 2 reg W2 by hand */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  for (i = 0; i < H; i++)
    {
      double *d = g->dW2->data + i * g->dW2->tda;
      const double *w = net->W2->data + i * net->W2->tda;
      for (j = 0; j < C; j++)
        d[j] += 2.0 * reg * w[j];
    }

  /* db2 (C): sum over the N rows of dz2 */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += g->dz2->data[i * g->dz2->tda + j];
      g->db2->data[j * g->db2->stride] = s;
    }

  /* dp1 (N,H) = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dz1 (N,H): keep dp1 where the unit was on */
  for (i = 0; i < N; i++)
    {
      const double *a = cache->p1->data + i * cache->p1->tda;
      const double *dp = g->dp1->data + i * g->dp1->tda;
      double *dz = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < H; j++)
        dz[j] = (a[j] > 0.0) ? dp[j] : 0.0;
    }

  /* dW1 (D,H) = X' dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < net->D; i++)
    {
      double *d = g->dW1->data + i * g->dW1->tda;
      const double *w = net->W1->data + i * net->W1->tda;
      for (j = 0; j < H; j++)
        d[j] += 2.0 * reg * w[j];
    }

  /* db1 (H) */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += g->dz1->data[i * g->dz1->tda + j];
      g->db1->data[j * g->db1->stride] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
