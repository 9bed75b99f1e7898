/* Backward pass, two-layer net.  Flat arrays + IX() for indexing.
 * STEP() is the derivative of the relu (heaviside step). */

#include <string.h>
#include "backprop/grads.h"

#define IX(i, j, ld) ((i) * (ld) + (j))
#define STEP(x) x > 0.0 ? 1.0 : 0.0

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double *x = X->data, *z1 = cache->z1->data, *p1 = cache->p1->data;
  const double *prob = cache->prob->data;
  const double *W1 = net->W1->data, *W2 = net->W2->data;
  double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  double *dW1 = g->dW1->data, *db1 = g->db1->data;
  double *dW2 = g->dW2->data, *db2 = g->db2->data;
  size_t i, j, k;

  if (g->N != N || cache->N != N)
    return 1;

  /* 1 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      dz2[IX (i, k, C)] = (prob[IX (i, k, C)] - (y[i] == k)) / N;

  /* 2, 3: start from the reg term / zero and accumulate sample by sample */
  for (j = 0; j < H * C; j++)
    dW2[j] = 2.0 * reg * W2[j];
  memset (db2, 0, C * sizeof *db2);
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        db2[k] += dz2[IX (i, k, C)];
        for (j = 0; j < H; j++)
          dW2[IX (j, k, C)] += p1[IX (i, j, H)] * dz2[IX (i, k, C)];
      }

  /* 4, 5 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += dz2[IX (i, k, C)] * W2[IX (j, k, C)];
        dp1[IX (i, j, H)] = s;
        dz1[IX (i, j, H)] = dp1[IX (i, j, H)] * STEP (z1[IX (i, j, H)]);
      }

  /* 6, 7 */
  for (j = 0; j < D * H; j++)
    dW1[j] = 2.0 * reg * W1[j];
  memset (db1, 0, H * sizeof *db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        db1[j] += dz1[IX (i, j, H)];
        for (k = 0; k < D; k++)
          dW1[IX (k, j, H)] += x[IX (i, k, D)] * dz1[IX (i, j, H)];
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
