/* backward.c -- Assignment 3, part 2
 *
 * Loops for the easy ones, gsl_blas_dgemm for the three matrix products.
 * dgemm computes C = alpha op(A) op(B) + beta C, so for the weight
 * gradients I copy W into the gradient first and use beta = 2*reg.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

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

  /* 1. dz2: copy the probabilities, subtract 1 at the right class */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double v = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], v - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3. db2: sum of each column of dz2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &row.vector);
    }

  /* 4. dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* 5. dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* 7. db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &row.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
