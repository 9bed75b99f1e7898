/* backward.c -- homework 3, backward pass of the two-layer net.
 *
 * The three matrix products go through gsl_blas_dgemm.  For dW1 and dW2 I
 * copy W into the gradient first and let beta = 2 reg add the reg term,
 * which saves a loop. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - Y) / N,  Y the one-hot labels */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double p = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], p - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3. db2: column sums of dz2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_vector_set (g->db2, j,
                      gsl_vector_get (g->db2, j) + gsl_matrix_get (g->dz2, i, j));

  /* 4. dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 = dp1 * [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double d = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? d : 0.0);
      }

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* 7. db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_vector_set (g->db1, j,
                      gsl_vector_get (g->db1, j) + gsl_matrix_get (g->dz1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
