/* lab4 backward.c */
#include "backprop.h"

#define AT(m,i,j) ((m)->data[(i)*(m)->tda+(j)])
#define VAT(v,i) ((v)->data[(i)*(v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1;
  size_t i, j, k;
  double t;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  /* softmax loss */
  for (i = 0; i < N; i++) {
    for (k = 0; k < net->C; k++) {
      t = AT(cache->prob, i, k);
      if (k == y[i]) t -= 1;
      AT(g->dz2, i, k) = t / N;
    }
  }

  /* W2, b2 */
  for (j = 0; j < net->H; j++) {
    for (k = 0; k < net->C; k++) {
      t = 0;
      for (i = 0; i < N; i++) t += AT(cache->p1, i, j) * AT(g->dz2, i, k);
      AT(g->dW2, j, k) = t + 2 * reg * AT(net->W2, j, k);
    }
  }
  for (k = 0; k < net->C; k++) {
    t = 0;
    for (i = 0; i < N; i++) t += AT(g->dz2, i, k);
    VAT(g->db2, k) = t;
  }

  /* p1 */
  for (i = 0; i < N; i++) {
    for (j = 0; j < net->H; j++) {
      t = 0;
      for (k = 0; k < net->C; k++) t += AT(g->dz2, i, k) * AT(net->W2, j, k);
      AT(g->dp1, i, j) = t;
      AT(g->dz1, i, j) = t;   /* masked below */
    }
  }

  /* relu: kill the gradient where z1 <= 0 */
  for (i = 0; i < N - 1; i++) {
    for (j = 0; j < net->H; j++) {
      if (AT(cache->z1, i, j) <= 0) AT(g->dz1, i, j) = 0;
    }
  }

  /* W1, b1 */
  for (i = 0; i < net->D; i++) {
    for (j = 0; j < net->H; j++) {
      t = 0;
      for (k = 0; k < N; k++) t += AT(X, k, i) * AT(g->dz1, k, j);
      AT(g->dW1, i, j) = t + 2 * reg * AT(net->W1, i, j);
    }
  }
  for (j = 0; j < net->H; j++) {
    t = 0;
    for (i = 0; i < N; i++) t += AT(g->dz1, i, j);
    VAT(g->db1, j) = t;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
