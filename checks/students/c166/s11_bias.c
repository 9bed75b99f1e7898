/* ---------------------------------------------------------------------
 * backward.c  (two-layer net, softmax loss, L2 on the weights)
 *
 * dz1 is kept next to the struct: dhidden stays the gradient of p1.
 * --------------------------------------------------------------------- */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local {
  gsl_matrix *dscores, *dhidden, *dW1, *dW2;
  gsl_vector *db1, *db2;
};

/* v[j] = sum_i A[i][j] */
static void colsum(const gsl_matrix *A, gsl_vector *v) {
  size_t i, j;
  for (j = 0; j < A->size2; j++) {
    double s = 0.0;
    for (i = 0; i < A->size1; i++) s += gsl_matrix_get(A, i, j);
    gsl_vector_set(v, j, s);
  }
}

/* out = A^T B + 2 reg W */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *B,
                        const gsl_matrix *W, double reg, gsl_matrix *out) {
  gsl_matrix_memcpy(out, W);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 2.0 * reg, out);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  struct grads_local gl;
  gsl_matrix *dz1;

  gl.dscores = gsl_matrix_alloc(N, C);
  gl.dhidden = gsl_matrix_alloc(N, H);
  gl.dW1 = gsl_matrix_alloc(net->D, H);
  gl.dW2 = gsl_matrix_alloc(H, C);
  gl.db1 = gsl_vector_alloc(H);
  gl.db2 = gsl_vector_alloc(C);
  dz1 = gsl_matrix_alloc(N, H);

  /* softmax loss */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) {
      double p = gsl_matrix_get(cache->prob, i, j);
      gsl_matrix_set(gl.dscores, i, j, (j == y[i] ? p - 1.0 : p) / (double) N);
    }
  }

  /* layer 2 */
  weight_grad(cache->p1, gl.dscores, net->W2, reg, gl.dW2);
  colsum(gl.dscores, gl.db2);
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, gl.dscores, net->W2, 0.0, gl.dhidden);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0
                                  ? gsl_matrix_get(gl.dhidden, i, j) : 0.0);

  /* layer 1 */
  weight_grad(X, dz1, net->W1, reg, gl.dW1);
  colsum(gl.dhidden, gl.db1);

  /* copy to g */
  gsl_matrix_memcpy(g->dz2, gl.dscores);
  gsl_matrix_memcpy(g->dW2, gl.dW2);
  gsl_vector_memcpy(g->db2, gl.db2);
  gsl_matrix_memcpy(g->dp1, gl.dhidden);
  gsl_matrix_memcpy(g->dz1, dz1);
  gsl_matrix_memcpy(g->dW1, gl.dW1);
  gsl_vector_memcpy(g->db1, gl.db1);
  g->present = BP_GRADS_ALL;

  gsl_matrix_free(gl.dscores);
  gsl_matrix_free(gl.dhidden);
  gsl_matrix_free(gl.dW1);
  gsl_matrix_free(gl.dW2);
  gsl_vector_free(gl.db1);
  gsl_vector_free(gl.db2);
  gsl_matrix_free(dz1);
  return 0;
}
