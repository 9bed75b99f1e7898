/* backward.c
 * Backprop for the 2-layer net, accumulating the weight gradients example
 * by example (pattern mode summed = batch mode).
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  gsl_matrix *delta_out = g->dz2;
  gsl_matrix *delta_hidden = g->dz1;
  gsl_matrix *grad_w_out = g->dW2;
  gsl_vector *grad_b_out = g->db2;
  gsl_matrix *grad_w_hidden = g->dW1;
  gsl_vector *grad_b_hidden = g->db1;

  /* clear the accumulators */
  gsl_vector_set_zero(grad_b_out);
  gsl_matrix_set_zero(grad_w_hidden);
  gsl_vector_set_zero(grad_b_hidden);

  for (i = 0; i < N; i++) {
    /* output layer */
    for (k = 0; k < C; k++) {
      double d = gsl_matrix_get(cache->prob, i, k) - (y[i] == k ? 1.0 : 0.0);
      d /= (double) N;
      gsl_matrix_set(delta_out, i, k, d);
      gsl_vector_set(grad_b_out, k, gsl_vector_get(grad_b_out, k) + d);
      for (j = 0; j < H; j++)
        gsl_matrix_set(grad_w_out, j, k, gsl_matrix_get(grad_w_out, j, k)
                       + gsl_matrix_get(cache->p1, i, j) * d);
    }
    /* hidden layer */
    for (j = 0; j < H; j++) {
      double e = 0.0;
      for (k = 0; k < C; k++)
        e += gsl_matrix_get(delta_out, i, k) * gsl_matrix_get(net->W2, j, k);
      gsl_matrix_set(g->dp1, i, j, e);
      if (gsl_matrix_get(cache->z1, i, j) <= 0.0) e = 0.0;
      gsl_matrix_set(delta_hidden, i, j, e);
      gsl_vector_set(grad_b_hidden, j, gsl_vector_get(grad_b_hidden, j) + e);
      for (k = 0; k < D; k++)   /* k = input unit */
        gsl_matrix_set(grad_w_hidden, k, j, gsl_matrix_get(grad_w_hidden, k, j)
                       + gsl_matrix_get(X, i, k) * e);
    }
  }

  /* regularisation: d/dW reg*W^2 = 2 reg W */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set(grad_w_out, j, k, gsl_matrix_get(grad_w_out, j, k)
                     + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(grad_w_hidden, i, j, gsl_matrix_get(grad_w_hidden, i, j)
                     + 2.0 * reg * gsl_matrix_get(net->W1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
