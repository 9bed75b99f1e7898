// backward.c - backward pass, 2 layer net
// Author: (bootcamp cohort 3, AI engineering track)
//
// Approach (suggested by the AI assistant, then I rewrote it myself):
//   * go sample by sample with GSL row VIEWS (no copies)
//   * weight gradients as sums of outer products -> gsl_blas_dger
//   * the backprop through W2 as a matrix-vector product -> gsl_blas_dgemv
//   * the L2 term goes in FIRST (dW = 2*reg*W), the outer products are
//     added on top of it
// I also kept a loss "type" so the same file works with my MSE homework.

#include <stdbool.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

enum loss_kind { LOSS_MSE = 0, LOSS_SOFTMAX_XENT = 1 };

struct options {
  enum loss_kind loss;
  bool use_l2;
};

static const struct options OPTS = { LOSS_SOFTMAX_XENT, true };

// output-layer delta for ONE sample.  out = network output row,
// delta = dL/dz2 row (already divided by the batch size)
static void output_delta(const gsl_vector *out, size_t label, double batch,
                         enum loss_kind kind, gsl_vector *delta) {
  for (size_t k = 0; k < out->size; k++) {
    double t = (k == label) ? 1.0 : 0.0;
    double o = gsl_vector_get(out, k);
    if (kind == LOSS_MSE)
      gsl_vector_set(delta, k, 2.0 * (o - t) / batch);   // MSE homework
    else
      gsl_vector_set(delta, k, (o - t) / batch);         // softmax + CE
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  if (!net || !X || !y || !cache || !g) return 1;
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  // --- start the weight gradients at the L2 term, biases at 0 ---
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_matrix_memcpy(g->dW1, net->W1);
  if (OPTS.use_l2) {
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
  } else {
    gsl_matrix_set_zero(g->dW2);
    gsl_matrix_set_zero(g->dW1);
  }
  gsl_vector_set_zero(g->db2);
  gsl_vector_set_zero(g->db1);

  for (size_t i = 0; i < N; i++) {
    gsl_vector_const_view prob_i = gsl_matrix_const_row(cache->prob, i);
    gsl_vector_const_view p1_i = gsl_matrix_const_row(cache->p1, i);
    gsl_vector_const_view x_i = gsl_matrix_const_row(X, i);
    gsl_vector_view dz2_i = gsl_matrix_row(g->dz2, i);
    gsl_vector_view dp1_i = gsl_matrix_row(g->dp1, i);
    gsl_vector_view dz1_i = gsl_matrix_row(g->dz1, i);

    // dz2_i
    output_delta(&prob_i.vector, y[i], (double) N, OPTS.loss, &dz2_i.vector);

    // dW2 += p1_i dz2_i^T ; db2 += dz2_i
    gsl_blas_dger(1.0, &p1_i.vector, &dz2_i.vector, g->dW2);
    gsl_vector_add(g->db2, &dz2_i.vector);

    // dp1_i = W2 dz2_i   (H x C)(C) -> (H)
    gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2_i.vector, 0.0,
                   &dp1_i.vector);

    // dz1_i = dp1_i where the unit is on.  p1 = max(0, z1) so p1 > 0
    // exactly when z1 > 0: I use p1 because I already have its view.
    for (size_t h = 0; h < dz1_i.vector.size; h++) {
      bool on = gsl_vector_get(&p1_i.vector, h) > 0.0;
      gsl_vector_set(&dz1_i.vector, h, on ? gsl_vector_get(&dp1_i.vector, h) : 0.0);
    }

    // dW1 += x_i dz1_i^T ; db1 += dz1_i
    gsl_blas_dger(1.0, &x_i.vector, &dz1_i.vector, g->dW1);
    gsl_vector_add(g->db1, &dz1_i.vector);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
