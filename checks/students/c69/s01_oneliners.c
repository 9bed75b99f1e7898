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

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
  double s;
  if (N != cache->N || g->N != N) return 1;

  for (i = 0; i < N; i++) for (j = 0; j < C; j++) S(g->dz2, i, j, (G(cache->prob, i, j) - (j == y[i])) / N);
  for (i = 0; i < H; i++) for (j = 0; j < C; j++) { s = 0; for (k = 0; k < N; k++) s += G(cache->p1, k, i) * G(g->dz2, k, j); S(g->dW2, i, j, s + 2 * reg * G(net->W2, i, j)); }
  for (j = 0; j < C; j++) { s = 0; for (i = 0; i < N; i++) s += G(g->dz2, i, j); gsl_vector_set(g->db2, j, s); }
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) { s = 0; for (k = 0; k < C; k++) s += G(g->dz2, i, k) * G(net->W2, j, k); S(g->dp1, i, j, s); }
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) S(g->dz1, i, j, G(cache->p1, i, j) > 0 ? G(g->dp1, i, j) : 0);
  for (i = 0; i < D; i++) for (j = 0; j < H; j++) { s = 0; for (k = 0; k < N; k++) s += G(X, k, i) * G(g->dz1, k, j); S(g->dW1, i, j, s + 2 * reg * G(net->W1, i, j)); }
  for (j = 0; j < H; j++) { s = 0; for (i = 0; i < N; i++) s += G(g->dz1, i, j); gsl_vector_set(g->db1, j, s); }

  g->present = BP_GRADS_ALL;
  return 0;
}
