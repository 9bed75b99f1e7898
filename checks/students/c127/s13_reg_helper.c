/* backward.c  (two layer net, softmax + L2)
 *   loss = data loss + reg*(sum(W1(:).^2) + sum(W2(:).^2))
 * so every weight gradient gets + 2*reg*W, done in add_reg().
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = dW + 2*reg*W */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j, rows = W->size1, cols = W->size2;
  for (i = 1; i < rows; i++)
    for (j = 0; j < cols; j++)
      gsl_matrix_set (dW, i, j,
                      gsl_matrix_get (dW, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j));
}

/* b = sum(D, 1) */
static void
sum_cols (const gsl_matrix *D, gsl_vector *b)
{
  size_t i, j;
  gsl_vector_set_zero (b);
  for (i = 0; i < D->size1; i++)
    for (j = 0; j < D->size2; j++)
      gsl_vector_set (b, j, gsl_vector_get (b, j) + gsl_matrix_get (D, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dz2, i, j,
                      (gsl_matrix_get (cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N);

  /* second layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_reg (g->dW2, net->W2, reg);
  sum_cols (g->dz2, g->db2);

  /* hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0);

  /* first layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_reg (g->dW1, net->W1, reg);
  sum_cols (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
