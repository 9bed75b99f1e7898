/* backward pass -- raw pointers, gsl_matrix_get is too slow for me
 * element (i,j) of a gsl_matrix is data[i*tda + j] (tda = row stride) */
#include <string.h>
#include "backprop.h"

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VE(v, i)    ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;
  const double invN = 1.0 / (double)N;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* ---- output layer ---- */
  for (n = 0; n < N; n++) {
    for (c = 0; c < C; c++)
      EL(g->dz2, n, c) = EL(cache->prob, n, c) * invN;
    EL(g->dz2, n, y[n]) -= invN;          /* the -1 of the one-hot, /N */
  }

  /* dW2 starts at the reg term, then += p1[n,h] * dz2[n,c] */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      EL(g->dW2, h, c) = 2.0 * reg * EL(net->W2, h, c);
  for (c = 0; c < C; c++)
    VE(g->db2, c) = 0.0;
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++) {
      double gz = EL(g->dz2, n, c);
      for (h = 0; h < H; h++)
        EL(g->dW2, h, c) += EL(cache->p1, n, h) * gz;
      VE(g->db2, c) += gz;
    }

  /* ---- hidden layer ---- */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++) {
      double s = 0.0;
      for (c = 0; c < C; c++)
        s += EL(g->dz2, n, c) * EL(net->W2, h, c);
      EL(g->dp1, n, h) = s;
      EL(g->dz1, n, h) = EL(cache->z1, n, h) > 0.0 ? s : 0.0;
    }

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      EL(g->dW1, d, h) = 2.0 * reg * EL(net->W1, d, h);
  memset(g->db1->data, 0, H * sizeof(double));   /* db1 is contiguous */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++) {
      double gz = EL(g->dz1, n, h);
      if (gz == 0.0)
        continue;
      for (d = 0; d < D; d++)
        EL(g->dW1, d, h) += EL(X, n, d) * gz;
      VE(g->db1, h) += gz;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
