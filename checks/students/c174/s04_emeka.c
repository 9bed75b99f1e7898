/* Emeka N., ML lab.  backward pass.
   macros to save typing, temp matrices freed at the end */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(m, i, j)    gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t n = X->size1, d = net->D, h = net->H, c = net->C;
  size_t a, b, t;
  double s;
  gsl_matrix *onehot, *tmp;

  if (n != cache->N || X->size2 != d || g->N != n) return 1;

  /* dz2 = (prob - onehot)/n */
  onehot = gsl_matrix_calloc(n, c);
  for (a = 0; a < n; a++) SET(onehot, a, y[a], 1.0);
  gsl_matrix_memcpy(g->dz2, cache->prob);
  gsl_matrix_sub(g->dz2, onehot);
  gsl_matrix_scale(g->dz2, 1.0 / n);
  gsl_matrix_free(onehot);

  /* dW2 = p1^T dz2, reg added after */
  for (a = 0; a < h; a++)
    for (b = 0; b < c; b++) {
      s = 0;
      for (t = 0; t < n; t++) s += GET(cache->p1, t, a) * GET(g->dz2, t, b);
      SET(g->dW2, a, b, s);
    }
  tmp = gsl_matrix_alloc(h, c);
  gsl_matrix_memcpy(tmp, net->W2);
  gsl_matrix_scale(tmp, 2.0 * reg);
  gsl_matrix_add(g->dW2, tmp);
  gsl_matrix_free(tmp);

  /* db2 from the columns */
  for (b = 0; b < c; b++) {
    gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, b);
    s = 0;
    for (t = 0; t < n; t++) s += gsl_vector_get(&col.vector, t);
    gsl_vector_set(g->db2, b, s);
  }

  /* dp1[i][j] = row i of dz2 . row j of W2 */
  for (a = 0; a < n; a++)
    for (b = 0; b < h; b++) {
      gsl_vector_const_view r1 = gsl_matrix_const_row(g->dz2, a);
      gsl_vector_const_view r2 = gsl_matrix_const_row(net->W2, b);
      gsl_blas_ddot(&r1.vector, &r2.vector, &s);
      SET(g->dp1, a, b, s);
    }

  /* relu: p1 > 0 exactly when z1 > 0 */
  for (a = 0; a < n; a++)
    for (b = 0; b < h; b++)
      SET(g->dz1, a, b, GET(cache->p1, a, b) > 0 ? GET(g->dp1, a, b) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (a = 0; a < d; a++)
    for (b = 0; b < h; b++) {
      s = 2.0 * reg * GET(net->W1, a, b);
      for (t = 0; t < n; t++) s += GET(X, t, a) * GET(g->dz1, t, b);
      SET(g->dW1, a, b, s);
    }

  /* db1 */
  gsl_vector_set_zero(g->db1);
  for (t = 0; t < n; t++)
    for (b = 0; b < h; b++) *gsl_vector_ptr(g->db1, b) += GET(g->dz1, t, b);

  g->present = BP_GRADS_ALL;
  return 0;
}
