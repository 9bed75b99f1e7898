/* backward.c -- Ethan V. -- CSCI 1105 Intro C -- Lab 8 backprop */
/* all the macros are at the top, D for the gradient ones (DZ1 = dz1 etc) */

#include "backprop.h"

#define Z1(i,j)  (cache->z1->data[(i)*cache->z1->tda+(j)])
#define P1(i,j)  (cache->p1->data[(i)*cache->p1->tda+(j)])
#define PR(i,j)  (cache->prob->data[(i)*cache->prob->tda+(j)])
#define XM(i,j)  (X->data[(i)*X->tda+(j)])
#define W1(i,j)  (net->W1->data[(i)*net->W1->tda+(j)])
#define W2(i,j)  (net->W2->data[(i)*net->W2->tda+(j)])
#define DZ2(i,j) (g->dz2->data[(i)*g->dz2->tda+(j)])
#define DW2(i,j) (g->dW2->data[(i)*g->dW2->tda+(j)])
#define DP1(i,j) (g->dp1->data[(i)*g->dp1->tda+(j)])
#define DZ1(i,j) (g->dz1->data[(i)*g->dz1->tda+(j)])
#define DW1(i,j) (g->dW1->data[(i)*g->dW1->tda+(j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
  double t;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  for (i = 0; i < N; i++) for (j = 0; j < C; j++) DZ2(i,j) = (PR(i,j) - (j == y[i] ? 1.0 : 0.0)) / N;   /* dz2 */

  for (k = 0; k < H; k++) for (j = 0; j < C; j++) {   /* dW2 */
    t = 0; for (i = 0; i < N; i++) t += P1(i,k) * DZ2(i,j);
    DW2(k,j) = t + 2 * reg * W2(k,j);
  }

  for (j = 0; j < C; j++) { t = 0; for (i = 0; i < N; i++) t += DZ2(i,j); g->db2->data[j] = t; }   /* db2 */

  for (i = 0; i < N; i++) for (k = 0; k < H; k++) {   /* dp1 */
    t = 0; for (j = 0; j < C; j++) t += DZ2(i,j) * W2(k,j);
    DP1(i,k) = t;
  }

  for (i = 0; i < N; i++) for (k = 0; k < H; k++) DZ1(i,k) = (DZ1(i,k) > 0) ? DP1(i,k) : 0.0;   /* dz1, relu */

  for (j = 0; j < D; j++) for (k = 0; k < H; k++) {   /* dW1 */
    t = 0; for (i = 0; i < N; i++) t += XM(i,j) * DZ1(i,k);
    DW1(j,k) = t + 2 * reg * W1(j,k);
  }

  for (k = 0; k < H; k++) { t = 0; for (i = 0; i < N; i++) t += DZ1(i,k); g->db1->data[k] = t; }   /* db1 */

  g->present = BP_GRADS_ALL;
  return 0;
}
