/* Kemi A. backward pass, lab 3 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t r, col;
  double s;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  /* dz2 */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (r = 0; r < N; r++) *gsl_matrix_ptr(g->dz2, r, y[r]) -= 1.0;
  gsl_matrix_scale(g->dz2, 1.0 / (double) N);

  /* dW2 and db2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  for (col = 0; col < C; col++) {
    s = 0.0;
    for (r = 0; r < N; r++) s += gsl_matrix_get(g->dz2, r, col);
    gsl_vector_set(g->db2, col, s);
  }

  /* dp1 */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 with the dead units zeroed */
  gsl_matrix_memcpy(g->dz1, g->dp1);
  for (r = 0; r < N; r++)
    for (col = 0; col < H; col++)
      if (gsl_matrix_get(cache->z1, r, col) <= 0.0)
        *gsl_matrix_ptr(g->dp1, r, col) = 0.0;

  /* dW1 and db1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  for (col = 0; col < H; col++) {
    s = 0.0;
    for (r = 0; r < N; r++) s += gsl_matrix_get(g->dz1, r, col);
    gsl_vector_set(g->db1, col, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
