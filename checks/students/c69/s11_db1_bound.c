#include "backprop.h"

#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
#define DZ2 g->dz2
#define DZ1 g->dz1

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, d = net->D, h = net->H, c = net->C, i, j, k;
  double s;
  if (g->N != n) return 1;

  for (i = 0; i < n; i++) for (j = 0; j < c; j++) S(DZ2, i, j, G(cache->prob, i, j) / n - (j == y[i] ? 1.0 / n : 0));

  for (i = 0; i < h; i++) for (j = 0; j < c; j++) {
    s = 2 * reg * G(net->W2, i, j);
    for (k = 0; k < n; k++) s += G(cache->p1, k, i) * G(DZ2, k, j);
    S(g->dW2, i, j, s);
  }
  for (j = 0; j < c; j++) { s = 0; for (i = 0; i < n; i++) s += G(DZ2, i, j); gsl_vector_set(g->db2, j, s); }

  for (i = 0; i < n; i++) for (j = 0; j < h; j++) {
    s = 0;
    for (k = 0; k < c; k++) s += G(DZ2, i, k) * G(net->W2, j, k);
    S(g->dp1, i, j, s); S(DZ1, i, j, G(cache->z1, i, j) > 0 ? s : 0);
  }

  for (i = 0; i < d; i++) for (j = 0; j < h; j++) {
    s = 2 * reg * G(net->W1, i, j);
    for (k = 0; k < n; k++) s += G(X, k, i) * G(DZ1, k, j);
    S(g->dW1, i, j, s);
  }
  for (j = 0; j < h; j++) { s = 0; for (i = 0; i < n - 1; i++) s += G(DZ1, i, j); gsl_vector_set(g->db1, j, s); }

  g->present = BP_GRADS_ALL;
  return 0;
}
