/* backward.c - Lab 3
 * Hoang Van Long, 20205023
 * Two matrix products with gsl_blas_dgemm (dW2, dW1), the others by loops.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* sum along axis 0 (like np.sum(A, axis=0)) */
static void
sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  size_t r, c;
  gsl_vector_set_zero (out);
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < A->size2; c++)
      gsl_vector_set (out, c, gsl_vector_get (out, c) + gsl_matrix_get (A, r, c));
}

/* W_grad += 2 * reg * W */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      gsl_matrix_set (dW, r, c, gsl_matrix_get (dW, r, c) + 2 * reg * gsl_matrix_get (W, r, c));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *dscores = g->dz2, *dhidden = g->dp1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = (probs - y_onehot) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (dscores, i, j,
                      (gsl_matrix_get (cache->prob, i, j) - (j == y[i])) / N);

  /* dW2 = h^T * dscores, h = hidden layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->z1, dscores,
                  0.0, g->dW2);
  add_reg (g->dW2, net->W2, reg);
  sum_axis0 (dscores, g->db2);

  /* dhidden = dscores * W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < C; k++)
          acc += gsl_matrix_get (dscores, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (dhidden, i, j, acc);
      }

  /* ReLU gate */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (dhidden, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 = X^T * dz1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_reg (g->dW1, net->W1, reg);
  sum_axis0 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
