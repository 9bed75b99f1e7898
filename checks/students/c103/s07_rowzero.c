/* backward.c
 *
 * Backward pass for the two-layer classifier (assignment 3, part 2).
 * Bias gradients: start from row 0 and add the rest, so no set_zero is
 * needed.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;
  gsl_vector_view r;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* 2. dW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, cache->p1, g->dz2, 2 * reg,
                  g->dW2);

  /* 3. db2 */
  r = gsl_matrix_row (g->dz2, 0);
  gsl_vector_memcpy (g->db2, &r.vector);
  for (i = 0; i < N; i++)
    {
      r = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* 4. dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1, g->dz2, net->W2, 0, g->dp1);

  /* 5. dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0);

  /* 6. dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, X, g->dz1, 2 * reg, g->dW1);

  /* 7. db1 */
  r = gsl_matrix_row (g->dz1, 0);
  gsl_vector_memcpy (g->db1, &r.vector);
  for (i = 1; i < N; i++)
    {
      r = gsl_matrix_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
