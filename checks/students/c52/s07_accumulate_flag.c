// backward.c -- Intro to NN, PA2
// Kenji Watanabe
//
// Layer API modelled on PyTorch: a layer owns pointers to its parameters
// and their gradients, and dense_backward() can either overwrite the
// gradients or add to them (accumulate), as in the lecture on gradient
// accumulation over several mini-batches.

#include <stdbool.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

typedef struct {
  const gsl_matrix *W;
  const gsl_vector *b;
  gsl_matrix *dW;
  gsl_vector *db;
} layer_t;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void softmax_ce_backward(const gsl_matrix *prob, const size_t *y,
                                gsl_matrix *dz) {
  const size_t N = prob->size1;
  gsl_matrix_memcpy(dz, prob);
  for (size_t i = 0; i < N; i++) {
    double *p = gsl_matrix_ptr(dz, i, y[i]);
    *p -= 1.0;
  }
  gsl_matrix_scale(dz, 1.0 / (double)N);
}

// dW (+)= in' dout + 2 reg W, db (+)= colsum(dout), din = dout W'
static void dense_backward(const layer_t *L, const gsl_matrix *in,
                           const gsl_matrix *dout, double reg,
                           gsl_matrix *din, bool accumulate) {
  if (!accumulate) {
    gsl_matrix_set_zero(L->dW);
    gsl_vector_set_zero(L->db);
  }
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 1.0, L->dW);
  for (size_t i = 0; i < L->W->size1; i++)
    for (size_t j = 0; j < L->W->size2; j++)
      *gsl_matrix_ptr(L->dW, i, j) += 2.0 * reg * gsl_matrix_get(L->W, i, j);
  for (size_t n = 0; n < dout->size1; n++) {
    gsl_vector_const_view row = gsl_matrix_const_row(dout, n);
    gsl_vector_add(L->db, &row.vector);
  }
  if (din)
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, L->W, 0.0, din);
}

static void relu_backward(const gsl_matrix *dout, const gsl_matrix *z,
                          gsl_matrix *din) {
  for (size_t i = 0; i < z->size1; i++)
    for (size_t j = 0; j < z->size2; j++)
      gsl_matrix_set(din, i, j,
                     gsl_matrix_get(z, i, j) > 0 ? gsl_matrix_get(dout, i, j) : 0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  layer_t fc1 = { net->W1, net->b1, g->dW1, g->db1 };
  layer_t fc2 = { net->W2, net->b2, g->dW2, g->db2 };

  softmax_ce_backward(cache->prob, y, g->dz2);
  dense_backward(&fc2, cache->p1, g->dz2, reg, g->dp1, true);
  relu_backward(g->dp1, cache->z1, g->dz1);
  dense_backward(&fc1, X, g->dz1, reg, NULL, false);

  g->present = BP_GRADS_ALL;
  return 0;
}
