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

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_matrix *a = g->dz2, *b = g->dp1, *c = g->dz1;
  size_t n = X->size1, d = X->size2, h = net->H, k = net->C, i, j, l;
  double s;

  for (i = 0; i < n; i++) for (j = 0; j < k; j++) gsl_matrix_set (a, i, j, gsl_matrix_get (cache->prob, i, j) / n);
  for (i = 0; i < n; i++) gsl_matrix_set (a, i, y[i], gsl_matrix_get (a, i, y[i]) - 1.0 / n);

  /* W2, b2 */
  for (i = 0; i < h; i++) for (j = 0; j < k; j++) { s = 0; for (l = 0; l < n; l++) s += gsl_matrix_get (cache->p1, l, i) * gsl_matrix_get (a, l, j); gsl_matrix_set (g->dW2, i, j, s + reg * gsl_matrix_get (net->W2, i, j)); }
  for (j = 0; j < k; j++) { s = 0; for (i = 0; i < n; i++) s += gsl_matrix_get (a, i, j); gsl_vector_set (g->db2, j, s); }

  /* hidden */
  for (i = 0; i < n; i++) for (j = 0; j < h; j++) { s = 0; for (l = 0; l < k; l++) s += gsl_matrix_get (a, i, l) * gsl_matrix_get (net->W2, j, l); gsl_matrix_set (b, i, j, s); gsl_matrix_set (c, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? s : 0.0); }

  /* W1, b1 */
  for (i = 0; i < d; i++) for (j = 0; j < h; j++) { s = 0; for (l = 0; l < n; l++) s += gsl_matrix_get (X, l, i) * gsl_matrix_get (c, l, j); gsl_matrix_set (g->dW1, i, j, s + 2 * reg * gsl_matrix_get (net->W1, i, j)); }
  for (j = 0; j < h; j++) { s = 0; for (i = 0; i < n; i++) s += gsl_matrix_get (c, i, j); gsl_vector_set (g->db1, j, s); }

  g->present = BP_GRADS_ALL;
  return 0;
}
