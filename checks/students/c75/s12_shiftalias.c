/* backward.c -- backward pass.
 *
 * I recompute the softmax from the scores directly in g->dz2 (shift by the
 * row maximum first, for stability), rather than trusting cache->prob.
 */
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2: softmax(z2) - onehot, / N */
  for (size_t i = 0; i < N; i++)
    {
      double *r = g->dz2->data + i * g->dz2->tda;
      const double *z = cache->z2->data + i * cache->z2->tda;
      size_t km = 0;
      double sum = 0.0;

      for (size_t k = 0; k < C; k++)
        {
          r[k] = z[k];
          if (r[k] > r[km])
            km = k;
        }
      for (size_t k = 0; k < C; k++)
        r[k] -= r[km];
      for (size_t k = 0; k < C; k++)
        {
          r[k] = exp (r[k]);
          sum += r[k];
        }
      for (size_t k = 0; k < C; k++)
        r[k] = (r[k] / sum - (k == y[i] ? 1.0 : 0.0)) / (double) N;
    }

  /* dW2, db2 */
  for (size_t h = 0; h < H; h++)
    for (size_t k = 0; k < C; k++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W2, h, k);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, h, k, s);
      }
  for (size_t k = 0; k < C; k++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* dp1, dz1 */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0.0;
        for (size_t k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, h, k);
        gsl_matrix_set (g->dp1, i, h, s);
        gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (cache->z1, i, h) > 0.0 ? s : 0.0);
      }

  /* dW1, db1 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W1, d, h);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
        gsl_matrix_set (g->dW1, d, h, s);
      }
  for (size_t h = 0; h < H; h++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
