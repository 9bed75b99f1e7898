/* backward.c  --  my backward pass
 * dscores = (probs - Y)/N, then the usual chain rule.  All intermediate
 * results are kept in their own matrices so I can print them while
 * debugging (see the commented printf's).
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix *Y       = gsl_matrix_calloc (N, C);
  gsl_matrix *dscores = gsl_matrix_alloc (N, C);
  gsl_matrix *hT      = gsl_matrix_alloc (H, N);
  gsl_matrix *xT      = gsl_matrix_alloc (D, N);
  gsl_matrix *mask    = gsl_matrix_calloc (N, H);
  gsl_matrix *regW2   = gsl_matrix_alloc (H, C);
  gsl_matrix *regW1   = gsl_matrix_alloc (D, H);
  gsl_vector *ones    = gsl_vector_alloc (N);

  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (Y, n, y[n], 1.0);

  /* softmax + cross entropy */
  gsl_matrix_memcpy (dscores, cache->prob);
  gsl_matrix_sub (dscores, Y);
  gsl_matrix_scale (Y, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, dscores);
  /* printf ("dscores[0][0] = %g\n", gsl_matrix_get (dscores, 0, 0)); */

  /* second layer */
  gsl_matrix_transpose_memcpy (hT, cache->p1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, hT, g->dz2, 0.0, g->dW2);
  gsl_matrix_memcpy (regW2, net->W2);
  gsl_matrix_scale (regW2, 2.0 * reg);
  gsl_matrix_add (g->dW2, regW2);

  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      if (gsl_matrix_get (cache->z1, n, h) > 0.0)
        gsl_matrix_set (mask, n, h, 1.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* first layer */
  gsl_matrix_transpose_memcpy (xT, X);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, xT, g->dz1, 0.0, g->dW1);
  gsl_matrix_memcpy (regW1, net->W1);
  gsl_matrix_scale (regW1, 2.0 * reg);
  gsl_matrix_add (g->dW1, regW1);

  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  /* printf ("db1[0] = %g\n", gsl_vector_get (g->db1, 0)); */

  gsl_matrix_free (Y);
  gsl_matrix_free (dscores);
  gsl_matrix_free (hT);
  gsl_matrix_free (xT);
  gsl_matrix_free (mask);
  gsl_matrix_free (regW2);
  gsl_matrix_free (regW1);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
