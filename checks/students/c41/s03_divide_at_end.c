/*
 * backward.c  --  Jake R., intro C, project 4
 *
 * My plan: do the hidden layer first (W1, b1) then the output layer, and
 * leave the 1/N for the END because then I only divide once for evrything.
 * Everything is linear in dz2 so dividing at the end is the same thing.
 * I keep W2 transposed in a static buffer so the dp1 loop goes along rows.
 */
#include <stdlib.h>
#include "backprop.h"

#define ENT(mat, r, c)  ((mat)->data[(r) * (mat)->tda + (c)])

static double *W2T = NULL;     /* C x H, W2 transposed */
static size_t W2T_len = 0;

static void scale_all(gsl_matrix *m, double f)
{
  size_t r, c;
  for (r = 0; r < m->size1; r++)
    for (c = 0; c < m->size2; c++)
      ENT(m, r, c) = ENT(m, r, c) * f;
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, h, c, d;
  double acc, invN;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  if (W2T_len < H * C) {
    double *p = realloc(W2T, H * C * sizeof(double));
    if (p == NULL) return 1;
    W2T = p; W2T_len = H * C;
  }
  /* fill the transpose again every call (W2 changes when training) */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      W2T[c * H + h] = ENT(net->W2, h, c);

  /* dz2 WITHOUT the 1/N for now */
  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      ENT(g->dz2, i, c) = ENT(cache->prob, i, c) - (y[i] == c ? 1.0 : 0.0);

  /* dp1 = dz2 W2^T, with the transpose: dp1[i][h] = sum_c dz2[i][c] W2T[c][h] */
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++) {
      acc = 0.0;
      for (c = 0; c < C; c++)
        acc += ENT(g->dz2, i, c) * W2T[c * H + h];
      ENT(g->dp1, i, h) = acc;
    }

  /* dz1 */
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      ENT(g->dz1, i, h) = ENT(cache->z1, i, h) > 0.0 ? ENT(g->dp1, i, h) : 0.0;

  /* dW1 (no reg yet) */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++) {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += ENT(X, i, d) * ENT(g->dz1, i, h);
      ENT(g->dW1, d, h) = acc;
    }

  /* db1 */
  for (h = 0; h < H; h++) {
    acc = 0.0;
    for (i = 0; i < N; i++)
      acc += ENT(g->dz1, i, h);
    g->db1->data[h] = acc;
  }

  /* now the output layer: dW2 (no reg yet) and db2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++) {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += ENT(cache->p1, i, h) * ENT(g->dz2, i, c);
      ENT(g->dW2, h, c) = acc;
    }
  for (c = 0; c < C; c++) {
    acc = 0.0;
    for (i = 0; i < N; i++)
      acc += ENT(g->dz2, i, c);
    g->db2->data[c] = acc;
  }

  /* the 1/N, once, for all seven */
  invN = 1.0 / (double) N;
  scale_all(g->dz2, invN);
  scale_all(g->dp1, invN);
  scale_all(g->dz1, invN);
  scale_all(g->dW1, invN);
  scale_all(g->dW2, invN);
  for (h = 0; h < H; h++) g->db1->data[h] *= invN;
  for (c = 0; c < C; c++) g->db2->data[c] *= invN;

  /* and the reg, after the 1/N (the reg is not averaged) */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      ENT(g->dW1, d, h) += 2.0 * reg * ENT(net->W1, d, h);
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      ENT(g->dW2, h, c) += 2.0 * reg * ENT(net->W2, h, c);

  g->present = BP_GRADS_ALL;
  return 0;
}
