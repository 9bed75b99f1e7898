#include "backprop.h"

#define G(m, i, j) gsl_matrix_get(m, i, j)
#define S(m, i, j, v) gsl_matrix_set(m, i, j, v)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C, i, j, k;
  double v, s;
  gsl_matrix *P = cache->prob, *A = cache->p1;

  // dL/dscores
  for (i = 0; i < N; i++) for (j = 0; j < C; j++) { v = G(P, i, j); if (j == y[j]) v -= 1; S(g->dz2, i, j, v / N); }

  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++) {
      s = 0; for (k = 0; k < N; k++) s += G(A, k, i) * G(g->dz2, k, j);
      S(g->dW2, i, j, s + 2 * reg * G(net->W2, i, j));
    }
  for (j = 0; j < C; j++) { s = 0; for (i = 0; i < N; i++) s += G(g->dz2, i, j); gsl_vector_set(g->db2, j, s); }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      s = 0; for (k = 0; k < C; k++) s += G(g->dz2, i, k) * G(net->W2, j, k);
      S(g->dp1, i, j, s);
      S(g->dz1, i, j, G(cache->z1, i, j) > 0 ? s : 0);
    }

  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++) {
      s = 0; for (k = 0; k < N; k++) s += G(X, k, i) * G(g->dz1, k, j);
      S(g->dW1, i, j, s + 2 * reg * G(net->W1, i, j));
    }
  for (j = 0; j < H; j++) { s = 0; for (i = 0; i < N; i++) s += G(g->dz1, i, j); gsl_vector_set(g->db1, j, s); }

  g->present = BP_GRADS_ALL;
  return 0;
}
