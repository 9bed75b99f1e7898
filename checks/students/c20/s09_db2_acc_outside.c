/* backward.c - Hannah Li - PS3 */
/* all loops, one function.  tested dz2 against numerical grad: OK */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double v = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i]) v = v - 1.0;
        gsl_matrix_set (g->dz2, i, j, v / N);
      }

  /* dW2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      {
        double t = 0;
        for (k = 0; k < N; k++)
          t += gsl_matrix_get (cache->p1, k, i) * gsl_matrix_get (g->dz2, k, j);
        gsl_matrix_set (g->dW2, i, j, t + 2.0 * reg * gsl_matrix_get (net->W2, i, j));
      }

  /* db2: sum over the samples */
  double acc = 0.0;
  for (j = 0; j < C; j++)
    {
      for (k = 0; k < N; k++)
        acc += gsl_matrix_get (g->dz2, k, j);
      gsl_vector_set (g->db2, j, acc);
    }

  /* dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double t = 0;
        for (k = 0; k < C; k++)
          t += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, t);
      }

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0);

  /* dW1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double t = 0;
        for (k = 0; k < N; k++)
          t += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, t + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double t = 0;
      for (k = 0; k < N; k++)
        t += gsl_matrix_get (g->dz1, k, j);
      gsl_vector_set (g->db1, j, t);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
