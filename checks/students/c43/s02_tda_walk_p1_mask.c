/* backward.c -- HW2, backprop.
 * Walks every matrix with its own row stride (tda), so it would also work
 * on submatrix views.  Parameter gradients are formed entry by entry as
 * dot products down the columns (stride tda), no accumulators to zero.
 * ReLU: p1 > 0 exactly when z1 > 0, so the mask comes from p1. */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *Pr = cache->prob, *P = cache->p1, *W1 = net->W1, *W2 = net->W2;
  gsl_matrix *G2 = g->dz2, *G1 = g->dp1, *F1 = g->dz1, *A2 = g->dW2, *A1 = g->dW1;
  const size_t N = X->size1, D = X->size2, H = P->size2, C = Pr->size2;
  const size_t tx = X->tda, tp = P->tda, t2 = G2->tda, tf = F1->tda;
  const double r = reg + reg, n = (double) N;
  size_t i, j, k;

  if (g->N != N || D != net->D || H != net->H || C != net->C) return 1;

  /* dz2 = (prob - Y) / N */
  for (i = 0; i < N; i++) {
    const double *s = gsl_matrix_const_ptr (Pr, i, 0); double *o = gsl_matrix_ptr (G2, i, 0);
    for (k = 0; k < C; k++) o[k] = s[k] / n;
    o[y[i]] -= 1.0 / n;
  }
  /* dW2[j][k] = r W2[j][k] + sum_i p1[i][j] dz2[i][k];  db2[k] = sum_i dz2[i][k] */
  for (k = 0; k < C; k++) {
    const double *b = G2->data + k; double acc = 0.0;
    for (i = 0; i < N; i++, b += t2) acc += *b;
    g->db2->data[k * g->db2->stride] = acc;
    for (j = 0; j < H; j++) {
      const double *a = P->data + j; b = G2->data + k; acc = r * W2->data[j * W2->tda + k];
      for (i = N; i--; a += tp, b += t2) acc += *a * *b;
      A2->data[j * A2->tda + k] = acc;
    }
  }
  /* dp1 = dz2 W2', dz1 = dp1 .* [p1 > 0], row by row */
  for (i = 0; i < N; i++) {
    const double *b = G2->data + i * t2, *pp = P->data + i * tp;
    double *o = G1->data + i * G1->tda, *f = F1->data + i * tf;
    for (j = 0; j < H; j++) {
      const double *w = W2->data + j * W2->tda; double acc = 0.0;
      for (k = 0; k < C; k++) acc += b[k] * w[k];
      o[j] = acc; f[j] = pp[j] > 0.0 ? acc : 0.0;
    }
  }
  /* db1[j] = sum_i dz1[i][j];  dW1[d][j] = r W1[d][j] + sum_i X[i][d] dz1[i][j] */
  for (j = 0; j < H; j++) {
    const double *f = F1->data + j; double acc = 0.0;
    for (i = 0; i < N; i++, f += tf) acc += *f;
    g->db1->data[j * g->db1->stride] = acc;
    for (k = 0; k < D; k++) {
      const double *a = X->data + k; f = F1->data + j; acc = r * W1->data[k * W1->tda + j];
      for (i = 0; i < N; i++, a += tx, f += tf) acc += *a * *f;
      A1->data[k * A1->tda + j] = acc;
    }
  }
  g->present = BP_GRADS_ALL;
  return 0;
}
