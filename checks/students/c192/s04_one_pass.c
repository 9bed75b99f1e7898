/* backward.c - one sweep over the batch.
 * For each sample: its row of dz2, then its row of dp1 and dz1, and its
 * contribution to the four parameter gradients, which start at the reg
 * term (W's) and zero (b's).   -- lab 5, v2 */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

#define IDX(m,r,c)   (m)->data[(r) * (m)->tda + (c)]
#define M_X(i,d)     IDX(X, i, d)
#define M_W1(d,j)    IDX(net->W1, d, j)
#define M_W2(j,k)    IDX(net->W2, j, k)
#define M_Z1(i,j)    IDX(cache->z1, i, j)
#define M_P1(i,j)    IDX(cache->p1, i, j)
#define M_PR(i,k)    IDX(cache->prob, i, k)
#define G_DZ2(i,k)   IDX(g->dz2, i, k)
#define G_DW2(j,k)   IDX(g->dW2, j, k)
#define G_DB2(k)     g->db2->data[(k) * g->db2->stride]
#define G_DP1(i,j)   IDX(g->dp1, i, j)
#define G_DZ1(i,j)   IDX(g->dz1, i, j)
#define G_DW1(d,j)   IDX(g->dW1, d, j)
#define G_DB1(j)     g->db1->data[(j) * g->db1->stride]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, d;
  double invN;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;
  invN = 1.0 / (double) N;

  /* start values */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) G_DW2(j, k) = 2 * reg * M_W2(j, k);
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++) G_DW1(d, j) = 2 * reg * M_W1(d, j);
  for (k = 0; k < C; k++) G_DB2(k) = 0;
  for (j = 0; j < H; j++) G_DB1(j) = 0;

  for (i = 0; i < N; i++) {
    /* dz2 row */
    for (k = 0; k < C; k++) {
      G_DZ2(i, k) = M_PR(i, k) * invN;
      if (k == y[i]) G_DZ2(i, k) -= invN;
    }
    /* layer 2 params */
    for (k = 0; k < C; k++) {
      G_DB2(k) += G_DZ2(i, k);
      for (j = 0; j < H; j++) G_DW2(j, k) += M_P1(i, j) * G_DZ2(i, k);
    }
    /* back into the hidden layer */
    for (j = 0; j < H; j++) {
      double t = 0;
      for (k = 0; k < C; k++) t += G_DZ2(i, k) * M_W2(j, k);
      G_DP1(i, j) = t;
      G_DZ1(i, j) = M_Z1(i, j) > 0 ? t : 0;
    }
    /* layer 1 params */
    for (j = 0; j < H; j++) {
      G_DB1(j) += G_DZ1(i, j);
      for (d = 0; d < D; d++) G_DW1(d, j) += M_X(i, d) * G_DZ1(i, j);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
