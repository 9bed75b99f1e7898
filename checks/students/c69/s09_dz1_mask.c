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

#define G gsl_matrix_get
#define S gsl_matrix_set
#define V gsl_vector_set

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *p = cache->prob, *h = cache->p1, *W2 = net->W2, *W1 = net->W1;
  gsl_matrix *dz2 = g->dz2, *dh = g->dp1, *dz1 = g->dz1;
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
  double s, t;

  for (i = 0; i < N; i++) for (j = 0; j < C; j++) S(dz2, i, j, (G(p, i, j) - (y[i] == j)) / (double)N);
  for (i = 0; i < H; i++) for (j = 0; j < C; j++) { for (s = 0, k = 0; k < N; k++) s += G(h, k, i) * G(dz2, k, j); S(g->dW2, i, j, s + 2 * reg * G(W2, i, j)); }
  for (j = 0; j < C; j++) { for (s = 0, i = 0; i < N; i++) s += G(dz2, i, j); V(g->db2, j, s); }

  // backprop into hidden layer
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) { for (s = 0, k = 0; k < C; k++) s += G(dz2, i, k) * G(W2, j, k); S(dh, i, j, s); }
  // relu
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) { t = G(dh, i, j); S(dz1, i, j, t > 0 ? t : 0); }

  for (i = 0; i < D; i++) for (j = 0; j < H; j++) { for (s = 0, k = 0; k < N; k++) s += G(X, k, i) * G(dz1, k, j); S(g->dW1, i, j, s + 2 * reg * G(W1, i, j)); }
  for (j = 0; j < H; j++) { for (s = 0, i = 0; i < N; i++) s += G(dz1, i, j); V(g->db1, j, s); }

  g->present = BP_GRADS_ALL;
  return 0;
}
