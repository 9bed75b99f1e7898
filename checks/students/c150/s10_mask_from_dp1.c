#include <gsl/gsl_blas.h>
#include "backprop.h"

/* backward(): fills all seven gradients in g.
 * mask = indicator of the units that were active in the forward pass */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  gsl_matrix *dsc = gsl_matrix_alloc (N, C);
  gsl_matrix *W2T = gsl_matrix_alloc (C, H);
  gsl_matrix *dh = gsl_matrix_alloc (N, H);
  gsl_matrix *mask = gsl_matrix_alloc (N, H);
  gsl_vector *ones = gsl_vector_alloc (N);

  gsl_vector_set_all (ones, 1.0);

  /* scores gradient */
  gsl_matrix_memcpy (dsc, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *row = gsl_matrix_ptr (dsc, i, 0);
      row[y[i]] -= 1.0;
    }
  gsl_matrix_scale (dsc, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, dsc);

  /* dW2 = p1^T dsc + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dsc, 2 * reg, g->dW2);
  /* db2 */
  gsl_blas_dgemv (CblasTrans, 1.0, dsc, ones, 0.0, g->db2);

  /* dh = dsc W2^T */
  gsl_matrix_transpose_memcpy (W2T, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dsc, W2T, 0.0, dh);
  gsl_matrix_memcpy (g->dp1, dh);

  /* relu backward */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (g->dp1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_mul_elements (dh, mask);
  gsl_matrix_memcpy (g->dz1, dh);

  /* dW1 = X^T dh + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dh, 2 * reg, g->dW1);
  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, dh, ones, 0.0, g->db1);

  gsl_matrix_free (dsc);
  gsl_matrix_free (W2T);
  gsl_matrix_free (dh);
  gsl_matrix_free (mask);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
