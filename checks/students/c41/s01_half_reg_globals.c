/* backward.c   CIS 121  Lab 9  "backprop by hand"
 * name: Tyler M.
 *
 * NOTE to self: the cs231n notes use 0.5*reg*W*W so the derivitive there
 * is reg*W.  Our loss has NO 0.5 in front (see the top of the kit) so I
 * keep lam = 0.5*reg like in the notes and then multiply by 4 -> 4*0.5 = 2
 * so it comes out as 2*reg*W which is what we need.
 */

#include <stdlib.h>
#include "backprop.h"

/* my own way to get at a matrix entry, faster then gsl_matrix_get */
#define GET(m,i,j) ((m)->data[(i)*(m)->tda+(j)])

double *temp = NULL;      /* scratch for prob - onehot, N*C, global */
size_t temp_size = 0;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double lam = 0.5 * reg;
  double s;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* make the global temp big enough */
  if (temp_size < N * C) {
    free(temp);
    temp = malloc(N * C * sizeof(double));
    if (temp == NULL) { temp_size = 0; return 1; }
    temp_size = N * C;
  }

  /* ---- step 1 : dz2 = (prob - onehot)/N ---- */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < C; j++)
    {
      temp[i*C+j] = GET(cache->prob, i, j);
      if (j == y[i])
        temp[i*C+j] = temp[i*C+j] - 1.0;
    }
  }
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      GET(g->dz2, i, j) = temp[i*C+j] / (double) N;

  /* ---- step 2 : dW2 = p1^T dz2 + 2 reg W2 ---- */
  for (j = 0; j < H; j++)
  {
    for (k = 0; k < C; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s = s + GET(cache->p1, i, j) * GET(g->dz2, i, k);
      GET(g->dW2, j, k) = s + 4.0 * lam * GET(net->W2, j, k);   /* 4*0.5 = 2 */
    }
  }

  /* ---- step 3 : db2 ---- */
  for (k = 0; k < C; k++)
  {
    s = 0.0;
    for (i = 0; i < N; i++)
      s = s + GET(g->dz2, i, k);
    g->db2->data[k] = s;
  }

  /* ---- step 4 : dp1 = dz2 W2^T ---- */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < H; j++)
    {
      s = 0.0;
      for (k = 0; k < C; k++)
        s = s + GET(g->dz2, i, k) * GET(net->W2, j, k);
      GET(g->dp1, i, j) = s;
    }
  }

  /* ---- step 5 : dz1.  relu let it thru if p1 > 0 (same as z1 > 0
   *      because p1 = max(0,z1)) ---- */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < H; j++)
    {
      if (GET(cache->p1, i, j) > 0.0)
        GET(g->dz1, i, j) = GET(g->dp1, i, j);
      else
        GET(g->dz1, i, j) = 0.0;
    }
  }

  /* ---- step 6 : dW1 = X^T dz1 + 2 reg W1 ---- */
  for (k = 0; k < D; k++)
  {
    for (j = 0; j < H; j++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s = s + GET(X, i, k) * GET(g->dz1, i, j);
      GET(g->dW1, k, j) = s + 4.0 * lam * GET(net->W1, k, j);   /* same trick */
    }
  }

  /* ---- step 7 : db1 ---- */
  for (j = 0; j < H; j++)
  {
    s = 0.0;
    for (i = 0; i < N; i++)
      s = s + GET(g->dz1, i, j);
    g->db1->data[j] = s;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
