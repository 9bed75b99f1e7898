/* Yasmin Haddad -- NNfS HW3
 * backward pass of the 2-layer net
 *
 * helpers:
 *   weight_decay()  adds the gradient of the L2 term to a dW
 *   sum_rows()      column sums (for the biases)
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* gradient of the L2 penalty, added onto dW */
static void
weight_decay (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t r = 0; r < W->size1; r++)
    for (size_t c = 0; c < W->size2; c++)
      gsl_matrix_set (dW, r, c, gsl_matrix_get (dW, r, c) + reg * gsl_matrix_get (W, r, c));
}

static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector_set_zero (out);
  for (size_t r = 0; r < A->size1; r++)
    for (size_t c = 0; c < A->size2; c++)
      gsl_vector_set (out, c, gsl_vector_get (out, c) + gsl_matrix_get (A, r, c));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores gradient */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* layer 2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  weight_decay (g->dW2, net->W2, reg);
  sum_rows (g->dz2, g->db2);

  /* back into the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, n, h) <= 0.0)
        gsl_matrix_set (g->dz1, n, h, 0.0);

  /* layer 1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  weight_decay (g->dW1, net->W1, reg);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
