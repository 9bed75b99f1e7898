/* HW1 backward -- D. Osei
 * gsl + blas for the products, loops for the reductions. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out[j] = sum_i A[i][j] */
static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector_set_zero (out);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      *gsl_vector_ptr (out, j) += gsl_matrix_get (A, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores gradient */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* b2 -- wrote this one by hand before I had sum_rows */
  for (size_t c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (size_t i = 0; i < N - 1; i++)
        acc += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, acc);
    }

  /* hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, i, h) <= 0.0)
        gsl_matrix_set (g->dz1, i, h, 0.0);

  /* W1, b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
