/* backward.c -- your backward pass of the two-layer net, to be checked by
 * `gradcheck --backward ./backward.so`.
 *
 * Fill in the seven gradients below, in the order they are numbered: each
 * needs only the forward cache, the parameters and the gradients before
 * it.  As shipped, every gradient is set to zero and gradcheck finds
 * all seven wrong.  Start with dz2.
 *
 * Build against the installed backprop, and check (see the Makefile):
 *   cc -shared -fPIC $(pkg-config --cflags backprop) -o backward.so backward.c
 *   gradcheck --backward ./backward.so
 */

#include "backprop.h"

#define A(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define B(v, i) ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
  double s;
  g->present = BP_GRADS_ALL;

  for (i = 0; i < N; i++) for (j = 0; j < C; j++) A(g->dz2, i, j) = (A(cache->prob, i, j) - (y[i] == j)) / N;

  for (i = 0; i < H; i++) for (j = 0; j < C; j++) { s = 0; for (k = 0; k < N; k++) s += A(cache->p1, k, i) * A(g->dz2, k, j); A(g->dW2, i, j) = s + 2 * reg * A(net->W2, i, j); }
  for (j = 0; j < C; j++) { B(g->db2, j) = 0; for (i = 0; i < N; i++) B(g->db2, j) += A(g->dz2, i, j); }

  // hidden layer
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) { s = 0; for (k = 0; k < C - 1; k++) s += A(g->dz2, i, k) * A(net->W2, j, k); A(g->dp1, i, j) = s; }
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) A(g->dz1, i, j) = A(cache->z1, i, j) > 0 ? A(g->dp1, i, j) : 0;

  for (i = 0; i < D; i++) for (j = 0; j < H; j++) { s = 0; for (k = 0; k < N; k++) s += A(X, k, i) * A(g->dz1, k, j); A(g->dW1, i, j) = s + 2 * reg * A(net->W1, i, j); }
  for (j = 0; j < H; j++) { B(g->db1, j) = 0; for (i = 0; i < N; i++) B(g->db1, j) += A(g->dz1, i, j); }
  return 0;
}
