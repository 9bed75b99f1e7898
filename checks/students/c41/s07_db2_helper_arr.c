/* backprop.c  (well, backward.c)   --  Kevin L.   CS 1 in C, lab 11
 *
 * arr = prob - onehot is the "error" of the output.  dz2 is arr / N.
 * I wrote a helper to add up the columns because we need it twice (b2, b1).
 * all my temp arrays are global so they dont go away.
 */
#include <stdlib.h>
#include "backprop.h"

double *arr = 0;   /* N x C, prob - onehot */
double *hid = 0;   /* N x H, my copy of dz1 */
size_t arr_n = 0, hid_n = 0;

/* out[j] = sum over rows of in[i][j], in is n rows m cols packed */
void sum_cols(double *out, double *in, int n, int m)
{
  int i, j;
  for (j = 0; j < m; j++) {
    out[j] = 0;
    for (i = 0; i < n; i++)
      out[j] += in[i*m + j];
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1, D = net->D, H = net->H, C = net->C;
  int i, j, k;
  double t;

  if ((size_t)N != cache->N || X->size2 != net->D || g->N != (size_t)N)
    return 1;
  if (arr_n < (size_t)(N*C)) { free(arr); arr = malloc(N*C*sizeof(double)); arr_n = N*C; }
  if (hid_n < (size_t)(N*H)) { free(hid); hid = malloc(N*H*sizeof(double)); hid_n = N*H; }
  if (!arr || !hid) { arr_n = hid_n = 0; return 1; }

  /* error of the output */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      arr[i*C+j] = gsl_matrix_get(cache->prob, i, j) - (y[i] == (size_t)j);

  /* dz2 = arr/N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      g->dz2->data[i*g->dz2->tda + j] = arr[i*C+j] / N;

  /* dW2 */
  for (k = 0; k < H; k++)
    for (j = 0; j < C; j++) {
      t = 0;
      for (i = 0; i < N; i++)
        t += cache->p1->data[i*cache->p1->tda + k] * g->dz2->data[i*g->dz2->tda + j];
      g->dW2->data[k*g->dW2->tda + j] = t + 2*reg*net->W2->data[k*net->W2->tda + j];
    }

  /* db2 */
  sum_cols(g->db2->data, arr, N, C);

  /* dp1, then dz1 (also kept in hid for db1) */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++) {
      t = 0;
      for (j = 0; j < C; j++)
        t += g->dz2->data[i*g->dz2->tda + j] * net->W2->data[k*net->W2->tda + j];
      g->dp1->data[i*g->dp1->tda + k] = t;
      if (cache->z1->data[i*cache->z1->tda + k] > 0) hid[i*H+k] = t;
      else hid[i*H+k] = 0;
      g->dz1->data[i*g->dz1->tda + k] = hid[i*H+k];
    }

  /* dW1 */
  for (j = 0; j < D; j++)
    for (k = 0; k < H; k++) {
      t = 0;
      for (i = 0; i < N; i++)
        t += X->data[i*X->tda + j] * hid[i*H+k];
      g->dW1->data[j*g->dW1->tda + k] = t + 2*reg*net->W1->data[j*net->W1->tda + k];
    }

  /* db1 */
  sum_cols(g->db1->data, hid, N, H);

  g->present = BP_GRADS_ALL;
  return 0;
}
