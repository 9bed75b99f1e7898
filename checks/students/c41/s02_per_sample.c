/* backprop lab -- Maria G.  CSC-150
   I do it one sample at a time like the lecture slide with the for loop,
   every sample adds its peice into the weight gradients.
   reg part added at the very end (2*reg*W, no 1/2 in our loss!!) */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

#define M(A,r,c) A->data[(r)*A->tda+(c)]

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
  int n, a, b, c;
  double *d2;     /* one row of dz2 */
  double t;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N) return 1;
  d2 = malloc(C * sizeof(double)); if (!d2) return 1;

  /* zero everything we add into */
  for (a = 0; a < H; a++) for (c = 0; c < C; c++) M(g->dW2,a,c) = 0;
  for (c = 0; c < C; c++) g->db2->data[c] = 0;
  for (a = 0; a < D; a++) for (b = 0; b < H; b++) M(g->dW1,a,b) = 0;
  for (b = 0; b < H; b++) g->db1->data[b] = 0;

  for (n = 0; n < N; n++) {
    /* dz2 row n */
    for (c = 0; c < C; c++) { t = M(cache->prob,n,c); if ((size_t) c == y[n]) t -= 1.0; d2[c] = t / N; M(g->dz2,n,c) = d2[c]; }
    /* this sample's part of dW2 and db2 */
    for (c = 0; c < C; c++) { g->db2->data[c] += d2[c]; for (a = 0; a < H; a++) M(g->dW2,a,c) += M(cache->p1,n,a) * d2[c]; }
    /* dp1 row n and dz1 row n */
    for (a = 0; a < H; a++) {
      t = 0; for (c = 0; c < C; c++) t += d2[c] * M(net->W2,a,c);
      M(g->dp1,n,a) = t;
      if (M(cache->z1,n,a) > 0) M(g->dz1,n,a) = t; else M(g->dz1,n,a) = 0;
    }
    /* this sample's part of dW1 and db1 */
    for (b = 0; b < H; b++) { g->db1->data[b] += M(g->dz1,n,b); for (a = 0; a < D; a++) M(g->dW1,a,b) += M(X,n,a) * M(g->dz1,n,b); }
  }

  /* regularization at the end */
  for (a = 0; a < H; a++) for (c = 0; c < C; c++) M(g->dW2,a,c) += 2*reg*M(net->W2,a,c);
  for (a = 0; a < D; a++) for (b = 0; b < H; b++) M(g->dW1,a,b) += 2*reg*M(net->W1,a,b);

  free(d2);
  g->present = BP_GRADS_ALL;
  return 0;
}
