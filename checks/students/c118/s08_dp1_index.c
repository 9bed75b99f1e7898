/* Backward pass.  Loops over the raw arrays (faster than get/set, and we
 * know the layout: row i of a gsl_matrix starts at data + i*tda).
 * Outer loop over the column index, as always. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  const double *P = cache->prob->data, *W2 = net->W2->data;
  const size_t tz = g->dz2->tda, tp = g->dp1->tda, tw = net->W2->tda;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 = (P - Y)/N */
  for (k = 0; k < C; k++)
    for (i = 0; i < N; i++)
      dz2[i * tz + k] = (P[i * cache->prob->tda + k] - (y[i] == k)) / N;

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  for (k = 0; k < C; k++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += dz2[i * tz + k];
      gsl_vector_set (g->db2, k, s);
    }

  /* dp1(i,j) = sum_k dz2(i,k) W2(j,k)   (W2^T) */
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += dz2[i * tz + k] * W2[k * tw + j];
        dp1[i * tp + j] = s;
      }

  /* dz1 */
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      dz1[i * g->dz1->tda + j] =
        cache->z1->data[i * cache->z1->tda + j] > 0 ? dp1[i * tp + j] : 0;

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += dz1[i * g->dz1->tda + j];
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
