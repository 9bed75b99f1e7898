/*
 * HW3 - backward pass
 * Marta Kowalczyk
 *
 * Note: I recompute the softmax from the scores z2 here instead of using
 * cache->prob, because in HW2 my prob was sometimes NaN for big scores.
 * Subtracting the row max fixes that (same probabilities, no overflow).
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <math.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  const double *z2 = cache->z2->data;
  double *dz2 = g->dz2->data;
  size_t ts = cache->z2->tda, td = g->dz2->tda;

  /* ---------- dz2 ---------- */
  double mx, rowsum = 0.0;
  for (i = 0; i < N; i++)
    {
      mx = z2[i * ts];
      for (j = 1; j < C; j++)
        if (z2[i * ts + j] > mx)
          mx = z2[i * ts + j];
      for (j = 0; j < C; j++)
        {
          dz2[i * td + j] = exp (z2[i * ts + j] - mx);
          rowsum += dz2[i * td + j];
        }
      for (j = 0; j < C; j++)
        {
          double p = dz2[i * td + j] / rowsum;
          dz2[i * td + j] = (p - (j == y[i])) / N;
        }
    }

  /* ---------- second layer ---------- */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      g->dW2->data[i * g->dW2->tda + j] += 2 * reg * net->W2->data[i * net->W2->tda + j];

  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += dz2[i * td + j];
      g->db2->data[j * g->db2->stride] = s;
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ---------- relu ---------- */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double z = cache->z1->data[i * cache->z1->tda + j];
        double d = g->dp1->data[i * g->dp1->tda + j];
        g->dz1->data[i * g->dz1->tda + j] = (z > 0.0) ? d : 0.0;
      }

  /* ---------- first layer ---------- */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      g->dW1->data[i * g->dW1->tda + j] += 2 * reg * net->W1->data[i * net->W1->tda + j];

  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += g->dz1->data[i * g->dz1->tda + j];
      g->db1->data[j * g->db1->stride] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
