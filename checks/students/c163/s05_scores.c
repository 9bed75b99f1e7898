/* backward.c
 * HW 3, problem 2: backprop through affine - relu - affine - softmax.
 * Mixed loops and dgemm. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dL/dscores: softmax minus one-hot */
  for (i = 0; i < N; i++)
    {
      for (c = 0; c < C; c++)
        {
          double indicator = (c == y[i]) ? 1.0 : 0.0;
          gsl_matrix_set (g->dz2, i, c,
                          gsl_matrix_get (cache->prob, i, c) - indicator);
        }
    }

  /* dW2 = p1^T dz2, then the regularization */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  for (j = 0; j < H; j++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, j, c, gsl_matrix_get (g->dW2, j, c)
                      + 2.0 * reg * gsl_matrix_get (net->W2, j, c));

  /* db2 */
  for (c = 0; c < C; c++)
    {
      double total = 0;
      for (i = 0; i < N; i++)
        total += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, total);
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double total = 0;
      for (i = 0; i < N; i++)
        total += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, total);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
