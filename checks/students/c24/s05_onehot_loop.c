/* backward.c
 * Two layer net backward -- PA2
 *
 * dz2 = (softmax - onehot)/N, then the usual chain rule.
 * Everything on raw arrays, GSL only for the structs.
 */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* inputs */
  const double *prob = cache->prob->data; size_t ldpr = cache->prob->tda;
  const double *z1   = cache->z1->data;   size_t ldz1 = cache->z1->tda;
  const double *p1   = cache->p1->data;   size_t ldp1 = cache->p1->tda;
  const double *xx   = X->data;           size_t ldx  = X->tda;
  const double *w1   = net->W1->data;     size_t ldw1 = net->W1->tda;
  const double *w2   = net->W2->data;     size_t ldw2 = net->W2->tda;

  /* outputs */
  double *dz2 = g->dz2->data; size_t ld_dz2 = g->dz2->tda;
  double *dW2 = g->dW2->data; size_t ld_dW2 = g->dW2->tda;
  double *db2 = g->db2->data;
  double *dp1 = g->dp1->data; size_t ld_dp1 = g->dp1->tda;
  double *dz1 = g->dz1->data; size_t ld_dz1 = g->dz1->tda;
  double *dW1 = g->dW1->data; size_t ld_dW1 = g->dW1->tda;
  double *db1 = g->db1->data;

  /* 1. dz2[i][j] = (prob[i][j] - [j == y_i]) / N */
  for (size_t i = 0; i < N; i++)
    {
      for (size_t j = 0; j < C; j++)
        {
          dz2[i * ld_dz2 + j] = prob[i * ldpr + j] / (double) N;
          dz2[i * ld_dz2 + y[i]] -= 1.0 / (double) N;
        }
    }

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
          s += p1[i * ldp1 + h] * dz2[i * ld_dz2 + c];
        dW2[h * ld_dW2 + c] = s + 2.0 * reg * w2[h * ldw2 + c];
      }

  /* 3. db2 = sum of the rows of dz2 */
  memset (db2, 0, C * sizeof (double));
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      db2[c] += dz2[i * ld_dz2 + c];

  /* 4. dp1 = dz2 W2^T */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0.0;
        for (size_t c = 0; c < C; c++)
          s += dz2[i * ld_dz2 + c] * w2[h * ldw2 + c];
        dp1[i * ld_dp1 + h] = s;
      }

  /* 5. dz1 = dp1 where z1 > 0 */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      dz1[i * ld_dz1 + h] = z1[i * ldz1 + h] > 0.0 ? dp1[i * ld_dp1 + h] : 0.0;

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
          s += xx[i * ldx + d] * dz1[i * ld_dz1 + h];
        dW1[d * ld_dW1 + h] = s + 2.0 * reg * w1[d * ldw1 + h];
      }

  /* 7. db1 */
  memset (db1, 0, H * sizeof (double));
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      db1[h] += dz1[i * ld_dz1 + h];

  g->present = BP_GRADS_ALL;
  return 0;
}
