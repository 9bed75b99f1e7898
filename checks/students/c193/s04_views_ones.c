/* backward.c
 *
 * Backward pass of the 2-layer net with GSL views and BLAS.
 * Bias gradients as (ones' * dZ), i.e. dgemv with a vector of ones
 * (idea from the lecture: a sum over rows is a product with ones).
 * The reg parts are put in first and the data part is added on top.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GRAD_OK(m, r, c) ((m)->size1 == (r) && (m)->size2 == (c))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i;
  gsl_vector *ones;
  gsl_matrix *mask;
  int bad = 0;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  mask = gsl_matrix_alloc (N, H);
  gsl_vector_set_all (ones, 1.0);

  /* ---- dz2 (N, C) ---- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view row = gsl_matrix_row (g->dz2, i);
      double *py = gsl_vector_ptr (&row.vector, y[i]);
      *py -= 1.0;
      gsl_vector_scale (&row.vector, 1.0 / (double) N);
    }
  bad |= !GRAD_OK (g->dz2, N, C);

  /* ---- dW2 (H, C): reg part, then += p1' dz2 ---- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0,
                  g->dW2);
  bad |= !GRAD_OK (g->dW2, H, C);

  /* ---- db2 (C) = dz2' * ones ---- */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  bad |= g->db2->size != C;

  /* ---- dp1 (N, H) ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);
  bad |= !GRAD_OK (g->dp1, N, H);

  /* ---- dz1 (N, H) = dp1 .* mask, mask = [z1 > 0] ---- */
  for (i = 0; i < N; i++)
    {
      size_t j;
      for (j = 0; j < H; j++)
        gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0);
    }
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  bad |= !GRAD_OK (g->dz1, N, H);

  /* ---- dW1 (D, H) ---- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  bad |= !GRAD_OK (g->dW1, D, H);

  /* ---- db1 (H) = dz1' * ones ---- */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  bad |= g->db1->size != H;

  gsl_matrix_free (mask);
  gsl_vector_free (ones);
  if (bad)
    return 1;

  g->present = BP_GRADS_ALL;
  return 0;
}
