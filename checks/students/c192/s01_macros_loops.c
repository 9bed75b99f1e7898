/* backward.c -- two-layer net, backward pass
 * Homework 3, part 2.  All arrays through index macros so I don't have
 * to write gsl_matrix_get everywhere.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* inputs */
#define XIN(i,d)   X->data[(i)*X->tda+(d)]
#define W1(d,j)    net->W1->data[(d)*net->W1->tda+(j)]
#define W2(j,k)    net->W2->data[(j)*net->W2->tda+(k)]
#define Z1(i,j)    cache->z1->data[(i)*cache->z1->tda+(j)]
#define P1(i,j)    cache->p1->data[(i)*cache->p1->tda+(j)]
#define PROB(i,k)  cache->prob->data[(i)*cache->prob->tda+(k)]

/* outputs */
#define DZ2(i,k)   g->dz2->data[(i)*g->dz2->tda+(k)]
#define DW2(j,k)   g->dW2->data[(j)*g->dW2->tda+(k)]
#define DB2(k)     g->db2->data[(k)*g->db2->stride]
#define DP1(i,j)   g->dp1->data[(i)*g->dp1->tda+(j)]
#define DZ1(i,j)   g->dz1->data[(i)*g->dz1->tda+(j)]
#define DW1(d,j)   g->dW1->data[(d)*g->dW1->tda+(j)]
#define DB1(j)     g->db1->data[(j)*g->db1->stride]

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, d;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      DZ2 (i, k) = (PROB (i, k) - (k == y[i] ? 1.0 : 0.0)) / N;

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += P1 (i, j) * DZ2 (i, k);
        DW2 (j, k) = s + 2.0 * reg * W2 (j, k);
      }

  /* 3. db2 = sum over samples of dz2 */
  for (k = 0; k < C; k++)
    {
      DB2 (k) = 0.0;
      for (i = 0; i < N; i++)
        DB2 (k) += DZ2 (i, k);
    }

  /* 4. dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += DZ2 (i, k) * W2 (j, k);
        DP1 (i, j) = s;
      }

  /* 5. dz1: relu lets the gradient through where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      DZ1 (i, j) = Z1 (i, j) > 0.0 ? DP1 (i, j) : 0.0;

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += XIN (i, d) * DZ1 (i, j);
        DW1 (d, j) = s + 2.0 * reg * W1 (d, j);
      }

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      DB1 (j) = 0.0;
      for (i = 0; i < N; i++)
        DB1 (j) += DZ1 (i, j);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
