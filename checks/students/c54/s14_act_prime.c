// backward.c -- per-example backpropagation, ported from my Python
// version of network.py (which had sigmoids; here the hidden layer is a
// ReLU and the output a softmax).  Layer helpers as in the book:
// act_prime() is the derivative of the hidden activation, written in
// terms of the activation a itself so that z does not need to be kept.

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double act_prime(double a)
{
  return a * (1.0 - a);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, j, k;
  double *buf = malloc((C + H) * sizeof(double));
  double *delta_out, *delta_hid;
  gsl_vector_view dout, dhid;

  if (!buf) return 1;
  delta_out = buf;
  delta_hid = buf + C;
  dout = gsl_vector_view_array(delta_out, C);
  dhid = gsl_vector_view_array(delta_hid, H);

  gsl_matrix_set_zero(g->dW1); gsl_vector_set_zero(g->db1);
  gsl_matrix_set_zero(g->dW2); gsl_vector_set_zero(g->db2);

  for (n = 0; n < N; n++) {
    for (k = 0; k < C; k++)
      delta_out[k] = (gsl_matrix_get(cache->prob, n, k) - (k == y[n])) / N;

    // delta_hid = W2 delta_out, then * act'(a1)
    gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dout.vector, 0.0, &dhid.vector);
    for (j = 0; j < H; j++) {
      gsl_matrix_set(g->dp1, n, j, delta_hid[j]);
      delta_hid[j] *= act_prime(gsl_matrix_get(cache->p1, n, j));
      gsl_matrix_set(g->dz1, n, j, delta_hid[j]);
    }

    for (k = 0; k < C; k++) {
      gsl_matrix_set(g->dz2, n, k, delta_out[k]);
      gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + delta_out[k]);
    }
    for (j = 0; j < H; j++) {
      for (k = 0; k < C; k++)
        gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
                       + gsl_matrix_get(cache->p1, n, j) * delta_out[k]);
      gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + delta_hid[j]);
      for (i = 0; i < D; i++)
        gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                       + gsl_matrix_get(X, n, i) * delta_hid[j]);
    }
  }

  // L2 penalty reg*|W|^2 -> 2*reg*W
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
                     + 2 * reg * gsl_matrix_get(net->W2, j, k));
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                     + 2 * reg * gsl_matrix_get(net->W1, i, j));

  free(buf);
  g->present = BP_GRADS_ALL;
  return 0;
}
