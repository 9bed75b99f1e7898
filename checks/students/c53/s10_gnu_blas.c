/* Deep learning, assignment 2.  Backward pass with gsl_blas. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t i, j;
  gsl_vector *ones;
  gsl_matrix *relu_grad;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *d = gsl_matrix_ptr (g->dz2, i, y[i]);
      *d -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1' dscores + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < H; i++)
    for (j = 0; j < net->C; j++)
      *gsl_matrix_ptr (g->dW2, i, j) += 2.0 * reg * gsl_matrix_get (net->W2, i, j);

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dhidden = dscores W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, g->dW2, 0.0, g->dp1);

  /* relu */
  relu_grad = gsl_matrix_alloc (N, H);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (relu_grad, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, relu_grad);
  gsl_matrix_free (relu_grad);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < H; j++)
      *gsl_matrix_ptr (g->dW1, i, j) += 2.0 * reg * gsl_matrix_get (net->W1, i, j);

  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
