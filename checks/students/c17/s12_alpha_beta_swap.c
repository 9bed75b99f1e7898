/* Homework 2 -- backprop with GSL
 * Hamid Rezaei
 *
 * gsl_blas_dgemm(TA, TB, alpha, A, B, beta, C):  C <- alpha op(A) op(B) + beta C
 * Trick: copy W into dW first, then one dgemm gives  X^T dZ + 2 reg W.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  const double lam2 = 2.0 * reg;
  gsl_matrix *Yoh = gsl_matrix_calloc (N, C);
  gsl_matrix *Mk = gsl_matrix_alloc (N, H);
  gsl_vector *u = gsl_vector_alloc (N);

  gsl_vector_set_all (u, 1.0);
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (Yoh, n, y[n], 1.0);

  /* (1) dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Yoh);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* (2) dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, lam2, cache->p1, g->dz2, 1.0, g->dW2);

  /* (3) db2 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, u, 0.0, g->db2);

  /* (4) dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* (5) dz1 */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (Mk, n, h, gsl_matrix_get (cache->z1, n, h) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, Mk);

  /* (6) dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, lam2, g->dW1);

  /* (7) db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, u, 0.0, g->db1);

  gsl_matrix_free (Yoh);
  gsl_matrix_free (Mk);
  gsl_vector_free (u);
  g->present = BP_GRADS_ALL;
  return 0;
}
