/* Backward pass -- Samantha W., CSC 101 (C), backprop assignment
 *
 * relu(x) = max(0,x).  Its slope is 0 on one side and 1 on the other so
 * the gradient only goes thru on one side.
 */
#include "backprop.h"

#define IDX(m,r,c) ((r)*(m)->tda+(c))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  unsigned long N = X->size1, D = net->D, H = net->H, C = net->C;
  unsigned long r, c, q;
  double total;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  /* dz2 */
  for (r = 0; r < N; r++) {
    for (c = 0; c < C; c++) {
      g->dz2->data[IDX(g->dz2,r,c)] = cache->prob->data[IDX(cache->prob,r,c)] / N;
    }
    g->dz2->data[IDX(g->dz2,r,y[r])] -= 1.0 / N;
  }

  /* dp1 first (need it for later), then dW2, db2 */
  for (r = 0; r < N; r++) {
    for (c = 0; c < H; c++) {
      total = 0;
      for (q = 0; q < C; q++) total += g->dz2->data[IDX(g->dz2,r,q)] * net->W2->data[IDX(net->W2,c,q)];
      g->dp1->data[IDX(g->dp1,r,c)] = total;
    }
  }
  for (r = 0; r < H; r++) {
    for (c = 0; c < C; c++) {
      total = 2 * reg * net->W2->data[IDX(net->W2,r,c)];
      for (q = 0; q < N; q++) total += cache->p1->data[IDX(cache->p1,q,r)] * g->dz2->data[IDX(g->dz2,q,c)];
      g->dW2->data[IDX(g->dW2,r,c)] = total;
    }
  }
  for (c = 0; c < C; c++) {
    total = 0;
    for (r = 0; r < N; r++) total += g->dz2->data[IDX(g->dz2,r,c)];
    g->db2->data[c] = total;
  }

  /* dz1: through the relu */
  for (r = 0; r < N; r++) {
    for (c = 0; c < H; c++) {
      if (cache->z1->data[IDX(cache->z1,r,c)] < 0)
        g->dz1->data[IDX(g->dz1,r,c)] = g->dp1->data[IDX(g->dp1,r,c)];
      else
        g->dz1->data[IDX(g->dz1,r,c)] = 0;
    }
  }

  /* dW1 and db1 */
  for (r = 0; r < D; r++) {
    for (c = 0; c < H; c++) {
      total = 2 * reg * net->W1->data[IDX(net->W1,r,c)];
      for (q = 0; q < N; q++) total += X->data[IDX(X,q,r)] * g->dz1->data[IDX(g->dz1,q,c)];
      g->dW1->data[IDX(g->dW1,r,c)] = total;
    }
  }
  for (c = 0; c < H; c++) {
    total = 0;
    for (r = 0; r < N; r++) total += g->dz1->data[IDX(g->dz1,r,c)];
    g->db1->data[c] = total;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
