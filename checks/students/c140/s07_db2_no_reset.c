/* backward.c -- assignment 3 (backprop by hand)
 *
 * Written with raw pointers: row i of a gsl_matrix starts at data + i*tda.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  double *dW2 = g->dW2->data, *dW1 = g->dW1->data;
  double *db2 = g->db2->data, *db1 = g->db1->data;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* TODO: compute dz2 */
  for (i = 0; i < N; i++)
    {
      const double *pr = cache->prob->data + i * cache->prob->tda;
      for (k = 0; k < C; k++)
        dz2[i * g->dz2->tda + k] = (pr[k] - (k == y[i] ? 1.0 : 0.0)) / N;
    }
  /* END TODO */

  /* TODO: compute dW2 and db2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      dW2[j * g->dW2->tda + k] = 2 * reg * net->W2->data[j * net->W2->tda + k];
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double d = dz2[i * g->dz2->tda + k];
        for (j = 0; j < H; j++)
          dW2[j * g->dW2->tda + k] += cache->p1->data[i * cache->p1->tda + j] * d;
        db2[k * g->db2->stride] += d;
      }
  /* END TODO */

  /* TODO: compute dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += dz2[i * g->dz2->tda + k] * net->W2->data[j * net->W2->tda + k];
        dp1[i * g->dp1->tda + j] = s;
      }
  /* END TODO */

  /* TODO: compute dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double z = cache->z1->data[i * cache->z1->tda + j];
        dz1[i * g->dz1->tda + j] = z > 0 ? dp1[i * g->dp1->tda + j] : 0;
      }
  /* END TODO */

  /* TODO: compute dW1 and db1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      dW1[i * g->dW1->tda + j] = 2 * reg * net->W1->data[i * net->W1->tda + j];
  for (j = 0; j < H; j++)
    db1[j * g->db1->stride] = 0;
  for (k = 0; k < N; k++)
    for (j = 0; j < H; j++)
      {
        double d = dz1[k * g->dz1->tda + j];
        for (i = 0; i < D; i++)
          dW1[i * g->dW1->tda + j] += X->data[k * X->tda + i] * d;
        db1[j * g->db1->stride] += d;
      }
  /* END TODO */

  g->present = BP_GRADS_ALL;
  return 0;
}
