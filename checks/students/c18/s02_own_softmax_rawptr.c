/* backward.c  --  two layer net, backward
 * group: A. Okafor (softmax + layer 2) / L. Brandt (layer 1)
 *
 * [AO] We do not trust that the cache's prob is always filled by the
 *      caller, so we recompute softmax from the scores ourselves, the
 *      stable way (subtract the row max first).
 * [lb] layer 1 uses the raw data pointers, gsl_matrix_get was too slow
 *      for me in the profiler. remember tda != size2 for views!
 */
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* [AO] softmax of one row of scores into out, stable version */
static void
softmax_row (const gsl_matrix *Z, size_t i, gsl_vector *out)
{
  size_t j, C = Z->size2;
  double mx = gsl_matrix_get (Z, i, 0), tot = 0.0;

  for (j = 1; j < C; j++)
    if (gsl_matrix_get (Z, i, j) > mx)
      mx = gsl_matrix_get (Z, i, j);
  for (j = 0; j < C; j++)
    {
      double e = exp (gsl_matrix_get (Z, i, j) - mx);
      gsl_vector_set (out, j, e);
      tot += e;
    }
  gsl_vector_scale (out, 1.0 / tot);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_vector *p;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* ---------------- [AO] output layer ---------------- */

  /* dZ2 = (softmax(z2) - Y) / N, row by row */
  p = gsl_vector_alloc (C);
  for (i = 0; i < N; i++)
    {
      softmax_row (cache->z2, i, p);
      gsl_vector_set (p, y[i], gsl_vector_get (p, y[i]) - 1.0);
      for (j = 0; j < C; j++)
        gsl_matrix_set (g->dz2, i, j, gsl_vector_get (p, j) / (double) N);
    }
  gsl_vector_free (p);

  /* dW2 = p1^T dZ2 + 2 reg W2 ; start from the penalty, add the data term */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double v = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          v += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, v);
      }

  /* db2: sum of dZ2 over the batch */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_vector_set (g->db2, k,
                      gsl_vector_get (g->db2, k) + gsl_matrix_get (g->dz2, i, k));

  /* ---------------- [lb] hidden layer ---------------- */
  {
    const double *w2 = net->W2->data;   /* H x C, row stride tda */
    const double *dz2 = g->dz2->data;
    const double *z1 = cache->z1->data;
    const double *x = X->data;
    const double *w1 = net->W1->data;
    double *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    double *dw1 = g->dW1->data, *db1 = g->db1->data;
    size_t tw2 = net->W2->tda, tdz2 = g->dz2->tda, tz1 = cache->z1->tda;
    size_t tx = X->tda, tw1 = net->W1->tda;
    size_t tdp1 = g->dp1->tda, tdz1 = g->dz1->tda, tdw1 = g->dW1->tda;
    size_t sb1 = g->db1->stride;

    /* dp1[n][h] = sum_c dz2[n][c] W2[h][c]  and the relu in one go */
    for (i = 0; i < N; i++)
      for (j = 0; j < H; j++)
        {
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += dz2[i * tdz2 + k] * w2[j * tw2 + k];
          dp1[i * tdp1 + j] = s;
          dz1[i * tdz1 + j] = (z1[i * tz1 + j] > 0.0) ? s : 0.0;
        }

    /* db1 first (column sums), then dW1 */
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += dz1[i * tdz1 + j];
        db1[j * sb1] = s;
      }

    for (k = 0; k < D; k++)
      for (j = 0; j < H; j++)
        {
          double s = 0.0;
          for (i = 0; i < N; i++)
            s += x[i * tx + k] * dz1[i * tdz1 + j];
          dw1[k * tdw1 + j] = s + 2.0 * reg * w1[k * tw1 + j];
        }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
