/* neural net lab part 3 : backward
   by Chris D.  (ENGR 1310 / intro C)
   first I put prob/N in dz2 and then take 1/N away at the right answer
   of every row.  Rest is the formulas from the handout. */

#include "backprop.h"

#define ELEM(m, a, b) (m)->data[(a) * (m)->tda + (b)]

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double x, temp, temp2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  x = 1.0 / N;

  // dz2 part 1: prob / N
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      ELEM(g->dz2, i, j) = ELEM(cache->prob, i, j) * x;
  // dz2 part 2: minus 1/N where the label is
  for (i = 1; i < N; i++)
    ELEM(g->dz2, i, y[i]) = ELEM(g->dz2, i, y[i]) - x;

  // dW2 and db2 in one go
  for (j = 0; j < C; j++) {
    temp2 = 0;
    for (i = 0; i < N; i++) temp2 = temp2 + ELEM(g->dz2, i, j);
    gsl_vector_set(g->db2, j, temp2);
    for (k = 0; k < H; k++) {
      temp = 0;
      for (i = 0; i < N; i++) temp = temp + ELEM(cache->p1, i, k) * ELEM(g->dz2, i, j);
      ELEM(g->dW2, k, j) = temp + 2 * reg * ELEM(net->W2, k, j);
    }
  }

  // dp1 and dz1
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++) {
      temp = 0;
      for (j = 0; j < C; j++) temp = temp + ELEM(g->dz2, i, j) * ELEM(net->W2, k, j);
      ELEM(g->dp1, i, k) = temp;
      ELEM(g->dz1, i, k) = (ELEM(cache->z1, i, k) > 0) ? temp : 0;
    }

  // dW1 and db1 in one go
  for (k = 0; k < H; k++) {
    temp2 = 0;
    for (i = 0; i < N; i++) temp2 = temp2 + ELEM(g->dz1, i, k);
    gsl_vector_set(g->db1, k, temp2);
    for (j = 0; j < D; j++) {
      temp = 0;
      for (i = 0; i < N; i++) temp = temp + ELEM(X, i, j) * ELEM(g->dz1, i, k);
      ELEM(g->dW1, j, k) = temp + 2 * reg * ELEM(net->W1, j, k);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
