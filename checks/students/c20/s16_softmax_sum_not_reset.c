/* backward.c  -- Ivan Petrov, NN course, task 4
 *
 * recompute softmax from the scores (numerically stable, subtract the row
 * max), then the usual chain.  exps stored in dz2 to save memory.
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, C = net->C, H = net->H;
  size_t i, c, h;
  double rowmax, sum;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax */
  sum = 0.0;
  for (i = 0; i < N; i++)
    {
      rowmax = gsl_matrix_get (cache->z2, i, 0);
      for (c = 1; c < C; c++)
        rowmax = fmax (rowmax, gsl_matrix_get (cache->z2, i, c));
      for (c = 0; c < C; c++)
        {
          double e = exp (gsl_matrix_get (cache->z2, i, c) - rowmax);
          gsl_matrix_set (g->dz2, i, c, e);
          sum += e;
        }
      for (c = 0; c < C; c++)
        gsl_matrix_set (g->dz2, i, c, gsl_matrix_get (g->dz2, i, c) / sum);
    }

  /* dscores = (softmax - onehot) / N */
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* W2, b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  for (c = 0; c < C; c++)
    {
      double s = 0;
      for (i = 0; i < N; i++) s += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, s);
    }

  /* hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      if (gsl_matrix_get (cache->z1, i, h) <= 0.0)
        gsl_matrix_set (g->dz1, i, h, 0.0);

  /* W1, b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  for (h = 0; h < H; h++)
    {
      double s = 0;
      for (i = 0; i < N; i++) s += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
