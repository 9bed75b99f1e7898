// backward.c -- manual backpropagation, ML Systems lab 5
// Author: Chen Jiayi
//
// All temporaries live in one `workspace` struct that is allocated at the
// start and released by workspace_free() on every exit path.  The batch is
// processed sample by sample with row views.

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct workspace {
  gsl_vector *dscore;       // C: gradient of one sample's scores
  gsl_vector *dhidden;      // H: gradient of one sample's hidden output
  gsl_vector *dpre;         // H: gradient of one sample's pre-activation
} workspace;

static void workspace_free(workspace *ws) {
  gsl_vector_free(ws->dscore);
  gsl_vector_free(ws->dhidden);
  gsl_vector_free(ws->dpre);
}

static int workspace_init(workspace *ws, size_t H, size_t C) {
  ws->dscore = gsl_vector_calloc(C);
  ws->dhidden = gsl_vector_calloc(H);
  ws->dpre = gsl_vector_calloc(H);
  if (!ws->dscore || !ws->dhidden || !ws->dpre) {
    workspace_free(ws);
    return GSL_ENOMEM;
  }
  return GSL_SUCCESS;
}

// grad += 2 * reg * W
static void apply_l2(gsl_matrix *grad, const gsl_matrix *W, double reg) {
  for (size_t r = 0; r < W->size1; ++r) {
    for (size_t c = 0; c < W->size2; ++c) {
      gsl_matrix_set(grad, r, c,
                     gsl_matrix_get(grad, r, c) + 2.0 * reg * gsl_matrix_get(W, r, c));
    }
  }
}

// dpre = dhidden where pre > 0, else 0
static void relu_backward(const gsl_vector *pre, const gsl_vector *dhidden,
                          gsl_vector *dpre) {
  for (size_t k = 0; k < pre->size; ++k) {
    const double gate = gsl_vector_get(pre, k) > 0.0 ? 1.0 : 0.0;
    gsl_vector_set(dpre, k, gate * gsl_vector_get(dhidden, k));
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1;
  workspace ws = {NULL, NULL, NULL};
  int rc;

  if (N != cache->N || g->N != N || X->size2 != net->D) {
    return GSL_EBADLEN;
  }
  rc = workspace_init(&ws, net->H, net->C);
  if (rc != GSL_SUCCESS) {
    return rc;
  }

  gsl_matrix_set_zero(g->dW2);
  gsl_matrix_set_zero(g->dW1);
  gsl_vector_set_zero(g->db2);
  gsl_vector_set_zero(g->db1);

  for (size_t n = 0; n < N; ++n) {
    gsl_vector_const_view prob_n = gsl_matrix_const_row(cache->prob, n);
    gsl_vector_const_view p1_n = gsl_matrix_const_row(cache->p1, n);
    gsl_vector_const_view z1_n = gsl_matrix_const_row(cache->z1, n);
    gsl_vector_const_view x_n = gsl_matrix_const_row(X, n);
    gsl_vector_view dz2_n = gsl_matrix_row(g->dz2, n);
    gsl_vector_view dp1_n = gsl_matrix_row(g->dp1, n);
    gsl_vector_view dz1_n = gsl_matrix_row(g->dz1, n);

    // scores
    rc = gsl_vector_memcpy(ws.dscore, &prob_n.vector);
    if (rc != GSL_SUCCESS) goto cleanup;
    gsl_vector_set(ws.dscore, y[n], gsl_vector_get(ws.dscore, y[n]) - 1.0);
    gsl_vector_scale(ws.dscore, 1.0 / (double)N);
    gsl_vector_memcpy(&dz2_n.vector, ws.dscore);

    // output layer parameters
    rc = gsl_blas_dger(1.0, &p1_n.vector, ws.dscore, g->dW2);
    if (rc != GSL_SUCCESS) goto cleanup;
    rc = gsl_vector_add(g->db2, ws.dscore);
    if (rc != GSL_SUCCESS) goto cleanup;

    // hidden output: dhidden = W2 * dscore
    rc = gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, ws.dscore, 1.0, ws.dhidden);
    if (rc != GSL_SUCCESS) goto cleanup;
    gsl_vector_memcpy(&dp1_n.vector, ws.dhidden);

    // through the ReLU
    relu_backward(&z1_n.vector, ws.dhidden, ws.dpre);
    gsl_vector_memcpy(&dz1_n.vector, ws.dpre);

    // hidden layer parameters
    rc = gsl_blas_dger(1.0, &x_n.vector, ws.dpre, g->dW1);
    if (rc != GSL_SUCCESS) goto cleanup;
    rc = gsl_vector_add(g->db1, ws.dpre);
    if (rc != GSL_SUCCESS) goto cleanup;
  }

  apply_l2(g->dW2, net->W2, reg);
  apply_l2(g->dW1, net->W1, reg);
  g->present = BP_GRADS_ALL;
  rc = GSL_SUCCESS;

cleanup:
  workspace_free(&ws);
  return rc;
}
