/* Lab 4 - backward pass
 * I use the data pointer directly because get/set is slow (the TA said the
 * matrices are row major and tda is the length of a row in memory)
 */
#include "backprop.h"

#define M(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define V(v, i) ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) cache->N;
  int D = (int) net->D;
  int H = (int) net->H;
  int C = (int) net->C;
  int i, j, k;
  double s;

  /* dz2 : start from the probabilities */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    M(g->dz2, i, y[i]) -= 1.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      M(g->dz2, i, j) /= N;

  /* dW2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      s = 0;
      for (i = 0; i < N; i++)
        s += M(cache->p1, i, j) * M(g->dz2, i, k);
      M(g->dW2, j, k) = s + 2 * reg * M(net->W2, j, k);
    }

  /* db2 */
  for (k = 0; k < C; k++) {
    s = 0;
    for (i = 0; i < N; i++)
      s += M(g->dz2, i, k);
    V(g->db2, k) = s;
  }

  /* dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      s = 0;
      for (k = 0; k < C; k++)
        s += M(g->dz2, i, k) * M(net->W2, j, k);
      M(g->dp1, i, j) = s;
    }

  /* dz1 (relu) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      if (M(cache->z1, i, j) > 0)
        M(g->dz1, i, j) = M(g->dp1, i, j);
      else
        M(g->dz1, i, j) = 0;
    }

  /* dW1 */
  for (j = 0; j < D; j++)
    for (k = 0; k < H; k++) {
      s = 0;
      for (i = 0; i < N; i++)
        s += M(X, i, j) * M(g->dz1, i, k);
      M(g->dW1, j, k) = s + 2 * reg * M(net->W1, j, k);
    }

  /* db1 */
  for (k = 0; k < H; k++) {
    s = 0;
    for (i = 0; i < N; i++)
      s += M(g->dz1, i, k);
    V(g->db1, k) = s;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
