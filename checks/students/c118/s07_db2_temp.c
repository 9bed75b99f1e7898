/* backward pass -- NA course, assignment 3
 *
 * delta = P - Y  is kept in a temporary (N x C); dz2 = delta / N.
 * Bias gradients are computed as  b = A^T 1  with dgemv.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *delta = gsl_matrix_alloc (N, C);
  gsl_vector *one = gsl_vector_alloc (N);

  if (N != cache->N || X->size2 != net->D || g->N != N)
    {
      gsl_matrix_free (delta);
      gsl_vector_free (one);
      return 1;
    }
  gsl_vector_set_all (one, 1.0);

  /* delta = P - Y */
  gsl_matrix_memcpy (delta, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (delta, i, y[i], gsl_matrix_get (delta, i, y[i]) - 1.0);

  /* bias of the output layer: column sums */
  gsl_blas_dgemv (CblasTrans, 1.0, delta, one, 0.0, g->db2);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, delta);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 : mask column by column */
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view zj = gsl_matrix_const_column (cache->z1, j);
      for (i = 0; i < N; i++)
        {
          double v = gsl_vector_get (&zj.vector, i) > 0
            ? gsl_matrix_get (g->dp1, i, j) : 0.0;
          gsl_matrix_set (g->dz1, i, j, v);
        }
    }

  /* dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

  gsl_matrix_free (delta);
  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
