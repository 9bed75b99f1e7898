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

#define G(m, i, j) gsl_matrix_get(m, i, j)
#define S(m, i, j, v) gsl_matrix_set(m, i, j, v)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1, *W1 = net->W1, *W2 = net->W2;
  size_t N = X->size1, D = X->size2, H = W2->size1, C = W2->size2, i, j, k;
  double s;

  if (N != cache->N) return 1;
  for (i = 0; i < N; i++) for (j = 0; j < C; j++) S(dz2, i, j, G(cache->prob, i, j) / N);
  for (i = 0; i < N; i++) S(dz2, i, y[i], G(dz2, i, y[i]) - 1.0 / N);

  /* second layer */
  for (i = 0; i < H; i++) for (j = 0; j < C; j++) { s = 2 * reg * G(W2, i, j); for (k = 0; k < N; k++) s += G(cache->p1, k, i) * G(dz2, k, j); S(g->dW2, i, j, s); }
  for (j = 0; j < C; j++) { s = 0; for (k = 0; k < N; k++) s += G(dz2, k, j); gsl_vector_set(g->db2, j, s); }

  for (i = 0; i < N; i++) for (j = 0; j < H; j++) { s = 0; for (k = 0; k < C; k++) s += G(dz2, i, k) * G(W2, j, k); S(dp1, i, j, s); }
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) S(dz1, i, j, G(cache->z1, i, j) > 0 ? G(dp1, i, j) : 0);

  /* first layer */
  for (i = 0; i < D; i++) for (j = 0; j < H; j++) { s = 2 * reg * G(W1, i, j); for (k = 0; k < N; k++) s += G(X, k, i) * G(dp1, k, j); S(g->dW1, i, j, s); }
  for (j = 0; j < H; j++) { s = 0; for (k = 0; k < N; k++) s += G(dz1, k, j); gsl_vector_set(g->db1, j, s); }

  g->present = BP_GRADS_ALL;
  return 0;
}
