/* backward.c -- Priya Raman, assignment 2 (two layer net)
 *
 * gsl_blas_dgemm:  C = alpha * op(A) op(B) + beta * C
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- output layer ---- */

  /* dz2 = (softmax - onehot) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T dz2, then the reg term */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix *regW2 = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (regW2, net->W2);
  gsl_matrix_scale (regW2, 2.0 * reg);
  gsl_matrix_add (g->dW2, regW2);
  gsl_matrix_free (regW2);

  /* db2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      *gsl_vector_ptr (g->db2, j) += gsl_matrix_get (g->dz2, i, j);

  /* ---- hidden layer ---- */

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 * relu'(z1) */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0);

  /* dW1 = X^T dz1, then the reg term */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  gsl_matrix *regW1 = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (regW1, net->W1);
  gsl_matrix_scale (regW1, 2.0 * reg);
  gsl_matrix_add (g->dW1, regW1);
  gsl_matrix_free (regW1);

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
