/* backward.c -- Numerical Methods II, project part B.  Lukas Brandt
 *
 * The ReLU backward is done with an explicit 0/1 mask matrix M and an
 * elementwise product, dz1 = dp1 .* M, so the mask can be reused (and
 * printed when debugging, see the commented-out line). */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* M = 1[A > 0] entrywise */
static void
relu_mask (const gsl_matrix *A, gsl_matrix *M)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (M, i, j, gsl_matrix_get (A, i, j) > 0.0 ? 1.0 : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  gsl_matrix *M = gsl_matrix_alloc (N, H);
  gsl_vector *e = gsl_vector_alloc (N);
  gsl_vector_set_all (e, 1.0);

  /* output layer: dz2 = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  /* db2 = dz2^T e */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, e, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu: dz1 = dp1 .* M */
  relu_mask (g->dp1, M);
  /* gsl_matrix_fprintf (stderr, M, "%g"); */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, M);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  /* db1 = dz1^T e */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, e, 0.0, g->db1);

  gsl_matrix_free (M);
  gsl_vector_free (e);
  g->present = BP_GRADS_ALL;
  return 0;
}
