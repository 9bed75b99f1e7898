/* backward.c  --  Nicole S.  COP 1000 C programming  -  backprop lab
 *
 * I zero all the sums at the top and then add into them with += inside
 * the loops (like accumulating a total in the grade program).
 */
#include <string.h>
#include "backprop.h"

#define RC(m,r,c) (m)->data[(r)*(m)->tda+(c)]

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  /* zero the totals (dW1 and dW2 are packed rows, tda == size2 for them) */
  memset(g->dW2->data, 0, H * C * sizeof(double));
  memset(g->db2->data, 0, C * sizeof(double));
  memset(g->dW1->data, 0, D * H * sizeof(double));
  memset(g->db2->data, 0, C * sizeof(double));

  /* dz2 */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) RC(g->dz2,i,j) = RC(cache->prob,i,j) / N;
    RC(g->dz2,i,y[i]) -= 1.0 / N;
  }

  /* dW2, db2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++) {
      g->db2->data[j] += RC(g->dz2,i,j);
      for (k = 0; k < H; k++) RC(g->dW2,k,j) += RC(cache->p1,i,k) * RC(g->dz2,i,j);
    }
  for (k = 0; k < H; k++) for (j = 0; j < C; j++) RC(g->dW2,k,j) += 2 * reg * RC(net->W2,k,j);

  /* dp1, dz1 */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++) {
      double t = 0;
      for (j = 0; j < C; j++) t += RC(g->dz2,i,j) * RC(net->W2,k,j);
      RC(g->dp1,i,k) = t;
      RC(g->dz1,i,k) = RC(cache->z1,i,k) > 0 ? t : 0;
    }

  /* dW1, db1 */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++) {
      g->db1->data[k] += RC(g->dz1,i,k);
      for (j = 0; j < D; j++) RC(g->dW1,j,k) += RC(X,i,j) * RC(g->dz1,i,k);
    }
  for (j = 0; j < D; j++) for (k = 0; k < H; k++) RC(g->dW1,j,k) += 2 * reg * RC(net->W1,j,k);

  g->present = BP_GRADS_ALL;
  return 0;
}
