/* backward.c -- homework 3, backward pass of the 2-layer net
 * raw pointers into ->data, row r col c at data[r*tda + c] */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t r, c;
  double sum;
  double *ds, *pr;
  size_t tds, tpr;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ds = g->dz2->data;       tds = g->dz2->tda;
  pr = cache->prob->data;  tpr = cache->prob->tda;

  /* dscores */
  for (r = 0; r < N; r++)
    {
      for (c = 0; c < C; c++)
        ds[r * tds + c] = pr[r * tpr + c] / N;
      ds[r * tds + y[r]] -= 1.0 / N;
    }

  /* dW2 = h^T ds + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* db2: sum each column */
  sum = 0.0;
  for (c = 0; c < C; c++)
    {
      for (r = 0; r < N; r++)
        sum += ds[r * tds + c];
      g->db2->data[c * g->db2->stride] = sum;
    }

  /* dh = ds W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu: dh[h <= 0] = 0 */
  for (r = 0; r < N; r++)
    for (c = 0; c < H; c++)
      {
        double h = cache->p1->data[r * cache->p1->tda + c];
        g->dz1->data[r * g->dz1->tda + c] =
          h > 0 ? g->dp1->data[r * g->dp1->tda + c] : 0.0;
      }

  /* dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (c = 0; c < H; c++)
    {
      double s1 = 0.0;
      for (r = 0; r < N; r++)
        s1 += g->dz1->data[r * g->dz1->tda + c];
      g->db1->data[c * g->db1->stride] = s1;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
