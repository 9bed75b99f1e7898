/* hw2 backward -- D. Okafor.  (ported from my octave version) */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, d = net->D, h = net->H, c = net->C;
  size_t i, j, k;
  double t;

  if (n != cache->N || X->size2 != d || g->N != n) return 1;

  for (i = 0; i < n; i++)
    for (k = 0; k < c; k++) {
      t = gsl_matrix_get(cache->prob, i, k);
      if (k == y[i]) t -= 1;
      gsl_matrix_set(g->dz2, i, k, t / n);
    }

  for (j = 0; j < h; j++)
    for (k = 0; k < c; k++) {
      t = 0;
      for (i = 0; i < n; i++) t += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
      gsl_matrix_set(g->dW2, j, k, t + 2 * reg * gsl_matrix_get(net->W2, j, k));
    }

  for (k = 0; k < c; k++) {
    t = 0;
    for (i = 0; i < n; i++) t += gsl_matrix_get(g->dz2, i, k);
    gsl_vector_set(g->db2, k, t);
  }

  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++) {
      t = 0;
      for (k = 0; k < c; k++) t += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      gsl_matrix_set(g->dp1, i, j, t);
      gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? t : 0);
    }

  for (k = 0; k < d; k++)
    for (j = 0; j < h; j++) {
      t = 2 * reg * gsl_matrix_get(net->W1, k, j);
      for (i = 1; i < n; i++) t += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
      gsl_matrix_set(g->dW1, k, j, t);
    }

  for (j = 0; j < h; j++) {
    t = 0;
    for (i = 0; i < n; i++) t += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, t);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
