/* backward.c
 * hw2 -- backward pass, loops over the raw arrays (row pointers, tda).
 * numpy:
 *   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 *   dW2 = hidden.T.dot(dscores) + 2*reg*W2 ; db2 = dscores.sum(0)
 *   dhidden = dscores.dot(W2.T) ; dhidden[hidden < 0] = 0
 *   dW1 = X.T.dot(dhidden) + 2*reg*W1 ; db1 = dhidden.sum(0)
 */
#include "backprop.h"

#define ROW(M, i) ((M)->data + (i) * (M)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  /* dscores */
  for (i = 0; i < N; i++) {
    const double *probs = ROW(cache->prob, i);
    double *dscores = ROW(g->dz2, i);
    for (j = 0; j < C; j++)
      dscores[j] = (probs[j] - (j == y[i] ? 1.0 : 0.0)) / N;
  }

  /* dW2, db2 */
  for (k = 0; k < H; k++) {
    double *dw = ROW(g->dW2, k);
    const double *w = ROW(net->W2, k);
    for (j = 0; j < C; j++)
      dw[j] = 2 * reg * w[j];
  }
  for (j = 0; j < C; j++)
    g->db2->data[j * g->db2->stride] = 0;
  for (i = 0; i < N; i++) {
    const double *hidden = ROW(cache->p1, i);
    const double *dscores = ROW(g->dz2, i);
    for (k = 0; k < H; k++) {
      double *dw = ROW(g->dW2, k);
      for (j = 0; j < C; j++)
        dw[j] += hidden[k] * dscores[j];
    }
    for (j = 0; j < C; j++)
      g->db2->data[j * g->db2->stride] += dscores[j];
  }

  /* dhidden, then the relu */
  for (i = 0; i < N; i++) {
    const double *dscores = ROW(g->dz2, i);
    const double *hidden = ROW(cache->p1, i);
    double *dhidden = ROW(g->dp1, i);
    double *dz = ROW(g->dz1, i);
    for (k = 0; k < H; k++) {
      const double *w = ROW(net->W2, k);
      double s = 0;
      for (j = 0; j < C; j++)
        s += dscores[j] * w[j];
      dhidden[k] = s;
      dz[k] = hidden[k] < 0 ? 0.0 : s;
    }
  }

  /* dW1, db1 */
  for (j = 0; j < D; j++) {
    double *dw = ROW(g->dW1, j);
    const double *w = ROW(net->W1, j);
    for (k = 0; k < H; k++)
      dw[k] = 2 * reg * w[k];
  }
  for (k = 0; k < H; k++)
    g->db1->data[k * g->db1->stride] = 0;
  for (i = 0; i < N; i++) {
    const double *x = ROW(X, i);
    const double *dz = ROW(g->dz1, i);
    for (j = 0; j < D; j++) {
      double *dw = ROW(g->dW1, j);
      for (k = 0; k < H; k++)
        dw[k] += x[j] * dz[k];
    }
    for (k = 0; k < H; k++)
      g->db1->data[k * g->db1->stride] += dz[k];
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
