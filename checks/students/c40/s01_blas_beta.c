/* backward.c -- HW4, problem 2: backprop for the two-layer net.
 *
 * Notation (row-major, one sample per row):
 *   z1 = X W1 + 1 b1',  p1 = max(0, z1),  z2 = p1 W2 + 1 b2',  P = softmax(z2)
 *   L  = -(1/N) sum_i log P[i, y_i] + reg (||W1||_F^2 + ||W2||_F^2)
 *
 * Derivation sketch:
 *   dL/dz2 = (P - Y)/N, Y the one-hot matrix of y   (softmax + CE, standard)
 *   dL/dW2 = p1' dz2 + 2 reg W2     (d/dW tr(W' A) = A, d/dW ||W||^2 = 2W)
 *   dL/db2 = dz2' 1
 *   dL/dp1 = dz2 W2'
 *   dL/dz1 = dp1 .* 1[z1 > 0]
 *   dL/dW1 = X' dz1 + 2 reg W1,   dL/db1 = dz1' 1
 *
 * Trick: the reg term is folded into dgemm's beta, i.e. dW := W; then
 * dW := 1 * A' B + (2 reg) * dW.  Saves a daxpy and a temporary.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  size_t i, j;
  gsl_vector *one = gsl_vector_alloc (N);

  if (one == NULL)
    return 1;
  gsl_vector_set_all (one, 1.0);

  /* dz2 = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1' dz2 + 2 reg W2   (beta trick) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 = dz2' 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* 1[z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X' dz1 + 2 reg W1   (beta trick again) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = dz1' 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
