/*****************************************************
 * backward.c          Luis F.        CIS-120  HW 7
 * Backward pass of two layer network.
 * For dp1 I need W2 transpose so I make a copy of it
 * (W2T is C rows and H colums).
 *****************************************************/
#include <stdlib.h>
#include "backprop.h"

static double *W2T;          /* transposed W2, C x H */
static size_t W2T_cap;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;
  double s;
  double *P = cache->prob->data, *A = cache->p1->data, *Z = cache->z1->data;
  double *W1 = net->W1->data, *W2 = net->W2->data, *XD = X->data;
  double *G2 = g->dz2->data, *GW2 = g->dW2->data, *GP = g->dp1->data;
  double *GZ = g->dz1->data, *GW1 = g->dW1->data;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* transpose of W2 (make it bigger if needed) */
  if (W2T_cap < H * C) {
    free (W2T);
    W2T = malloc (H * C * sizeof *W2T);
    W2T_cap = (W2T != NULL) ? H * C : 0;
    if (W2T == NULL) return 1;
  }
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      W2T[c * H + h] = W2[h * net->W2->tda + c];

  /* ----- dz2 ----- */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      G2[n * g->dz2->tda + c] = (P[n * cache->prob->tda + c] - (c == y[n] ? 1.0 : 0.0)) / (double) N;

  /* ----- dW2 = p1' dz2 + 2 reg W2 ----- */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        s = 0;
        for (n = 0; n < N; n++)
          s += A[n * cache->p1->tda + h] * G2[n * g->dz2->tda + c];
        GW2[h * g->dW2->tda + c] = s + 2.0 * reg * W2[h * net->W2->tda + c];
      }

  /* ----- db2 ----- */
  for (c = 0; c < C; c++)
    {
      s = 0;
      for (n = 0; n < N; n++)
        s += G2[n * g->dz2->tda + c];
      gsl_vector_set (g->db2, c, s);
    }

  /* ----- dp1 = dz2 * W2T ----- */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        s = 0;
        for (c = 0; c < C; c++)
          s += G2[n * g->dz2->tda + c] * W2T[h * C + c];
        GP[n * g->dp1->tda + h] = s;
      }

  /* ----- dz1 ----- */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      GZ[n * g->dz1->tda + h] = (Z[n * cache->z1->tda + h] > 0) ? GP[n * g->dp1->tda + h] : 0.0;

  /* ----- dW1 = X' dz1 + 2 reg W1 ----- */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        s = 0;
        for (n = 0; n < N; n++)
          s += XD[n * X->tda + d] * GZ[n * g->dz1->tda + h];
        GW1[d * g->dW1->tda + h] = s + 2.0 * reg * W1[d * net->W1->tda + h];
      }

  /* ----- db1 ----- */
  for (h = 0; h < H; h++)
    {
      s = 0;
      for (n = 0; n < N; n++)
        s += GZ[n * g->dz1->tda + h];
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
