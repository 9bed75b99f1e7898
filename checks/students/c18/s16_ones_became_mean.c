/* backward.c
 * Machine Learning 2, exercise sheet 4 -- the backward pass in C
 *
 *   part A (softmax layer):  Noah Fischer
 *   part B (hidden layer):   Amara Eze
 *
 * A: Everything with BLAS.  dscores is the batch-SUM gradient
 *    (prob - onehot); I average with alpha = 1/N in dgemm and with an
 *    averaging vector in dgemv.
 * B: loops over ->data for the relu part; I reuse A's vector of ones for
 *    the column sum of db1 instead of allocating a second one.
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  const double invN = 1.0 / (double) N;
  gsl_matrix *dscores;
  gsl_vector *ones;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  dscores = gsl_matrix_alloc (N, C);
  ones = gsl_vector_alloc (N);
  if (dscores == NULL || ones == NULL)
    {
      gsl_matrix_free (dscores);
      gsl_vector_free (ones);
      return 1;
    }
  gsl_vector_set_all (ones, 1.0);

  /* ===================== A ===================== */

  /* dscores = prob - onehot(y)  (batch sum, not averaged) */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (dscores, i);
      gsl_vector_set (&r.vector, y[i], gsl_vector_get (&r.vector, y[i]) - 1.0);
    }

  /* dz2 = dscores / N */
  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_scale (g->dz2, invN);

  /* dW2 = (1/N) p1^T dscores + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, invN, cache->p1, dscores,
                  2.0 * reg, g->dW2);

  /* db2 = mean of dscores over the batch */
  gsl_vector_scale (ones, invN);              /* ones -> averaging vector */
  gsl_blas_dgemv (CblasTrans, 1.0, dscores, ones, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  gsl_matrix_free (dscores);

  /* ===================== B ===================== */
  {
    const double *dp = g->dp1->data, *z = cache->z1->data, *x = X->data;
    double *dz = g->dz1->data, *dw = g->dW1->data;
    const double *w1 = net->W1->data;
    size_t d, n;

    /* dz1 = dp1 * (z1 > 0) */
    for (n = 0; n < N; n++)
      for (j = 0; j < H; j++)
        dz[n * g->dz1->tda + j] =
          z[n * cache->z1->tda + j] > 0 ? dp[n * g->dp1->tda + j] : 0.0;

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (d = 0; d < net->D; d++)
      for (j = 0; j < H; j++)
        {
          double s = 2 * reg * w1[d * net->W1->tda + j];
          for (n = 0; n < N; n++)
            s += x[n * X->tda + d] * dz[n * g->dz1->tda + j];
          dw[d * g->dW1->tda + j] = s;
        }

    /* db1 = dz1^T * ones */
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  }

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
