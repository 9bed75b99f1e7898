/* Backprop for the 2 layer net.
 *
 *  scores = relu(X*W1 + b1) * W2 + b2
 *
 * backward() goes through the layers from the loss back to X, one helper
 * per layer (same names as the cs231n layers.py).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void softmaxLossBackward(const gsl_matrix *probs, const size_t *y, gsl_matrix *dScores) {
  size_t N = probs->size1;
  gsl_matrix_memcpy(dScores, probs);
  for (size_t i = 0; i < N; i++) {
    gsl_matrix_set(dScores, i, y[i], gsl_matrix_get(dScores, i, y[i]) - 1);
  }
  gsl_matrix_scale(dScores, 1.0 / N);
}

static void affineBackward(const gsl_matrix *dOut, const gsl_matrix *x, const gsl_matrix *w,
                           gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db) {
  // dw = x^T * dOut
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, dOut, 0.0, dw);
  // db = sum over rows
  gsl_vector_set_zero(db);
  for (size_t i = 0; i < dOut->size1; i++) {
    gsl_vector_const_view r = gsl_matrix_const_row(dOut, i);
    gsl_blas_daxpy(1.0, &r.vector, db);
  }
  // dx = dOut * w^T
  if (dx) {
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dOut, w, 0.0, dx);
  }
}

// relu only lets the gradient through where it was "on"
static void reluBackward(const gsl_matrix *dOut, const gsl_matrix *x, gsl_matrix *dx) {
  for (size_t i = 0; i < x->size1; i++) {
    for (size_t j = 0; j < x->size2; j++) {
      double d = gsl_matrix_get(dOut, i, j);
      gsl_matrix_set(dx, i, j, d > 0 ? d : 0.0);
    }
  }
}

static void addRegGrad(const gsl_matrix *w, double reg, gsl_matrix *dw) {
  for (size_t i = 0; i < w->size1; i++) {
    gsl_vector_const_view wr = gsl_matrix_const_row(w, i);
    gsl_vector_view dwr = gsl_matrix_row(dw, i);
    gsl_blas_daxpy(2.0 * reg, &wr.vector, &dwr.vector);
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1) {
    return 1;
  }

  softmaxLossBackward(cache->prob, y, g->dz2);

  affineBackward(g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);
  addRegGrad(net->W2, reg, g->dW2);

  reluBackward(g->dp1, cache->z1, g->dz1);

  affineBackward(g->dz1, X, net->W1, NULL, g->dW1, g->db1);
  addRegGrad(net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
