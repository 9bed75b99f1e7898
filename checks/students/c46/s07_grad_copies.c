/* hw3: backprop through affine - relu - affine - softmax
 *
 * grad_X naming: grad_W2 is dL/dW2 etc.  All matrix ops from gsl so it is
 * easy to compare with the numpy version from class.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  gsl_matrix *grad_z2 = g->dz2, *grad_W2 = g->dW2, *grad_p1 = g->dp1;
  gsl_matrix *grad_z1 = g->dz1, *grad_W1 = g->dW1;

  /* target matrix */
  gsl_matrix *onehot = gsl_matrix_calloc (N, C);
  for (size_t n = 0; n < N; n++) gsl_matrix_set (onehot, n, y[n], 1.0);

  /* grad_z2 = (probs - onehot) / N */
  gsl_matrix_memcpy (grad_z2, cache->prob);
  gsl_matrix_sub (grad_z2, onehot);
  gsl_matrix_scale (grad_z2, 1.0 / N);

  /* grad_W2 = hidden^T grad_z2 + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, grad_z2, 0.0, grad_W2);
  gsl_matrix *reg_W2 = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (reg_W2, grad_W2);
  gsl_matrix_scale (reg_W2, 2.0 * reg);
  gsl_matrix_add (grad_W2, reg_W2);

  /* grad_b2 */
  for (size_t c = 0; c < C; c++) {
    double tot = 0.0;
    for (size_t n = 0; n < N; n++) tot += gsl_matrix_get (grad_z2, n, c);
    gsl_vector_set (g->db2, c, tot);
  }

  /* grad_p1 = grad_z2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_z2, net->W2, 0.0, grad_p1);

  /* grad_z1 = grad_p1 * (z1 > 0) */
  gsl_matrix *active = gsl_matrix_alloc (N, H);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (active, n, h, gsl_matrix_get (cache->z1, n, h) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (grad_z1, grad_p1);
  gsl_matrix_mul_elements (grad_z1, active);

  /* grad_W1 = X^T grad_z1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, grad_z1, 0.0, grad_W1);
  gsl_matrix *reg_W1 = gsl_matrix_alloc (D, H);
  gsl_matrix_memcpy (reg_W1, net->W1);
  gsl_matrix_scale (reg_W1, 2.0 * reg);
  gsl_matrix_add (grad_W1, reg_W1);

  /* grad_b1 */
  for (size_t h = 0; h < H; h++) {
    double tot = 0.0;
    for (size_t n = 0; n < N; n++) tot += gsl_matrix_get (grad_z1, n, h);
    gsl_vector_set (g->db1, h, tot);
  }

  gsl_matrix_free (onehot);
  gsl_matrix_free (reg_W2);
  gsl_matrix_free (active);
  gsl_matrix_free (reg_W1);

  g->present = BP_GRADS_ALL;
  return 0;
}
