/* backward.c   -   Omar H.   Intro C (CS 1410)  -  lab "backprop"
 *
 * dW2 is added up sample by sample into a static array (static so it is
 * not on the stack every call, the TA said big arrays on the stack are bad)
 * I clear it the first time only, after that it is allready there.
 */
#include "backprop.h"

#define BIG 40000
static double acc[BIG];      /* dW2 sums, H*C of them */
static int first_time = 1;

#define at(m,i,j) ((m)->data[(i)*(m)->tda+(j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;
  if (H * C > BIG) return 1;   /* wont fit */

  if (first_time) {
    for (k = 0; k < BIG; k++) acc[k] = 0.0;
    first_time = 0;
  }

  /* dz2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      at(g->dz2,i,j) = (at(cache->prob,i,j) - (j == y[i])) / (double)N;

  /* dW2: add up p1[i][k]*dz2[i][j] over the samples */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      for (j = 0; j < C; j++)
        acc[k*C + j] += at(cache->p1,i,k) * at(g->dz2,i,j);
  for (k = 0; k < H; k++)
    for (j = 0; j < C; j++)
      at(g->dW2,k,j) = acc[k*C + j] + 2.0*reg*at(net->W2,k,j);

  /* db2 */
  for (j = 0; j < C; j++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += at(g->dz2,i,j);
    g->db2->data[j] = s;
  }

  /* dp1 */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++) {
      s = 0.0;
      for (j = 0; j < C; j++) s += at(g->dz2,i,j) * at(net->W2,k,j);
      at(g->dp1,i,k) = s;
    }

  /* dz1 */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      at(g->dz1,i,k) = (at(cache->z1,i,k) > 0.0) ? at(g->dp1,i,k) : 0.0;

  /* dW1 */
  for (j = 0; j < D; j++)
    for (k = 0; k < H; k++) {
      s = 0.0;
      for (i = 0; i < N; i++) s += at(X,i,j) * at(g->dz1,i,k);
      at(g->dW1,j,k) = s + 2.0*reg*at(net->W1,j,k);
    }

  /* db1 */
  for (k = 0; k < H; k++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += at(g->dz1,i,k);
    g->db1->data[k] = s;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
