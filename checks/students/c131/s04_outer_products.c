/* Backpropagation for the 2-layer net, exercise sheet 4.
 * Author: Tobias Krause
 *
 * I wrote it sample by sample (as in the lecture slides: the gradient of
 * the batch is the sum of the per-sample gradients), using rank-1 updates
 * (gsl_blas_dger) for the weight gradients and dgemv with a ones vector
 * for the bias gradients.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* G = 2 reg W, the starting value of a weight gradient */
static void init_with_reg (gsl_matrix *G, const gsl_matrix *W, double reg)
{
  gsl_matrix_memcpy (G, W);
  gsl_matrix_scale (G, 2.0 * reg);
}

/* G += sum_n a_n b_n^T  for the rows a_n of A and b_n of B */
static void add_outer_products (gsl_matrix *G, const gsl_matrix *A,
                                const gsl_matrix *B)
{
  size_t n;
  for (n = 0; n < A->size1; n++) {
    gsl_vector_const_view a = gsl_matrix_const_row (A, n);
    gsl_vector_const_view b = gsl_matrix_const_row (B, n);
    gsl_blas_dger (1.0, &a.vector, &b.vector, G);
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, n, h;
  gsl_vector *ones;
  gsl_matrix *mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  mask = gsl_matrix_alloc (N, net->H);
  if (ones == NULL || mask == NULL) {
    gsl_vector_free (ones);
    gsl_matrix_free (mask);
    return 1;
  }
  gsl_vector_set_all (ones, 1.0);

  /* scores gradient */
  for (n = 0; n < N; n++) {
    gsl_vector_const_view pr = gsl_matrix_const_row (cache->prob, n);
    gsl_vector_view d = gsl_matrix_row (g->dz2, n);
    gsl_vector_memcpy (&d.vector, &pr.vector);
    gsl_vector_set (&d.vector, y[n], gsl_vector_get (&d.vector, y[n]) - 1.0);
    gsl_vector_scale (&d.vector, 1.0 / N);
  }

  init_with_reg (g->dW2, net->W2, reg);
  add_outer_products (g->dW2, cache->p1, g->dz2);

  /* db2 = dz2^T * 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* mask of the ReLU: p1 > 0 exactly where z1 > 0 */
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      gsl_matrix_set (mask, n, h, gsl_matrix_get (cache->p1, n, h) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  init_with_reg (g->dW1, net->W1, reg);
  add_outer_products (g->dW1, X, g->dz1);

  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  gsl_matrix_free (mask);
  g->present = BP_GRADS_ALL;
  return 0;
}
