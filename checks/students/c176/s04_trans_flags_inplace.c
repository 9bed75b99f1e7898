/* backward.c
 *
 * Weight gradients are computed transposed, straight out of dgemm with
 * CblasTrans (dW2t = dz2' p1, dW1t = dz1' X), and flipped back into g with
 * gsl_matrix_transpose_memcpy.  dz2 and dz1 are done in place in g.
 * Bias sums with dgemv against a vector of ones.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  gsl_matrix *dW2t, *dW1t, *dp1t, *W2t, *W1t;
  gsl_vector *ones;
  size_t n, h;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  dW2t = gsl_matrix_alloc (C, H);
  dW1t = gsl_matrix_alloc (H, D);
  dp1t = gsl_matrix_alloc (H, N);
  W2t = gsl_matrix_alloc (C, H);
  W1t = gsl_matrix_alloc (H, D);
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_matrix_transpose_memcpy (W2t, net->W2);
  gsl_matrix_transpose_memcpy (W1t, net->W1);

  /* ---- scores ---- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    {
      gsl_vector_view row = gsl_matrix_row (g->dz2, n);
      double *p = gsl_vector_ptr (&row.vector, y[n]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2t (C,H) = dz2' p1 + 2 reg W2t */
  gsl_matrix_memcpy (dW2t, W2t);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz2, cache->p1,
                  2.0 * reg, dW2t);
  gsl_matrix_transpose_memcpy (g->dW2, dW2t);

  /* db2 = dz2' 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1t (H,N) = W2 dz2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, net->W2, g->dz2, 0.0, dp1t);
  gsl_matrix_transpose_memcpy (g->dp1, dp1t);

  /* ---- hidden layer: relu in place on a copy of dp1 ---- */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      if (!(gsl_matrix_get (cache->z1, n, h) > 0.0))
        gsl_matrix_set (g->dz1, n, h, 0.0);

  /* dW1t (H,D) = dz1' X + 2 reg W1t */
  gsl_matrix_memcpy (dW1t, W1t);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz1, X, 2.0 * reg, dW1t);
  gsl_matrix_transpose_memcpy (g->dW1, dW1t);

  /* db1 = dz1' 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (dW2t);
  gsl_matrix_free (dW1t);
  gsl_matrix_free (dp1t);
  gsl_matrix_free (W2t);
  gsl_matrix_free (W1t);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
