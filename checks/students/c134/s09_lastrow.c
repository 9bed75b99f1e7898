/* backward.c -- CS 4xx, project 2
 * Loops run a row pointer from the first row to an end pointer. */

#include "backprop.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const size_t tz2 = g->dz2->tda, tp1 = cache->p1->tda, tz1 = g->dz1->tda;
  const double *r, *end, *last;
  const double *pr = cache->prob->data;
  double *o;
  size_t i, j, k;

  if (N != cache->N || N != g->N)
    return 1;

  /* dz2 */
  for (i = 0, o = g->dz2->data; i < N; i++, o += tz2, pr += cache->prob->tda)
    {
      for (k = 0; k < C; k++)
        o[k] = pr[k] / N;
      o[y[i]] -= 1.0 / N;
    }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        const double *h = cache->p1->data + j;
        end = g->dz2->data + N * tz2;
        for (r = g->dz2->data; r < end; r += tz2, h += tp1)
          s += *h * r[k];
        g->dW2->data[j * g->dW2->tda + k] =
          s + 2 * reg * net->W2->data[j * net->W2->tda + k];
      }

  /* db2: add up the rows, first to last */
  last = g->dz2->data + (N - 1) * tz2;
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (r = g->dz2->data; r < last; r += tz2)
        s += r[k];
      gsl_vector_set (g->db2, k, s);
    }

  /* dp1 = dz2 W2^T ; dz1 = dp1 . [z1 > 0] */
  for (i = 0; i < N; i++)
    {
      const double *dr = g->dz2->data + i * tz2;
      const double *zr = cache->z1->data + i * cache->z1->tda;
      double *pp = g->dp1->data + i * g->dp1->tda;
      double *zz = g->dz1->data + i * tz1;
      for (j = 0; j < H; j++)
        {
          const double *w = net->W2->data + j * net->W2->tda;
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += dr[k] * w[k];
          pp[j] = s;
          zz[j] = zr[j] > 0.0 ? s : 0.0;
        }
    }

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        const double *x = X->data + k;
        end = g->dz1->data + N * tz1;
        for (r = g->dz1->data; r < end; r += tz1, x += X->tda)
          s += *x * r[j];
        g->dW1->data[k * g->dW1->tda + j] =
          s + 2 * reg * net->W1->data[k * net->W1->tda + j];
      }

  /* db1 */
  end = g->dz1->data + N * tz1;
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (r = g->dz1->data; r < end; r += tz1)
        s += r[j];
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
