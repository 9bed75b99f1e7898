/* backward.c -- my backprop for the 2-layer net (HW3).
   Written in the same style as the GSL examples.  */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, M = net->H, K = net->C;
  size_t n, m, k, d;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  /* gradient of the mean cross entropy w.r.t. the scores */
  for (n = 0; n < N; n++)
    for (k = 0; k < K; k++)
      {
        double delta = (k == y[n]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, n, k,
                        (gsl_matrix_get (cache->prob, n, k) - delta) / (double) N);
      }

  /* second layer weights */
  for (m = 0; m < M; m++)
    for (k = 0; k < K; k++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W2, m, k);
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (cache->p1, n, m) * gsl_matrix_get (g->dz2, n, k);
        gsl_matrix_set (g->dW2, m, k, acc);
      }

  /* second layer bias: sum the score gradient (np.sum(dscores, axis=0)) */
  for (k = 0; k < K; k++)
    {
      double acc = 0.0;
      size_t kk;
      for (kk = 0; kk < K; kk++)
        acc += gsl_matrix_get (g->dz2, k, kk);
      gsl_vector_set (g->db2, k, acc);
    }

  /* back into the hidden layer, and through the relu */
  for (n = 0; n < N; n++)
    for (m = 0; m < M; m++)
      {
        double acc = 0.0;
        for (k = 0; k < K; k++)
          acc += gsl_matrix_get (g->dz2, n, k) * gsl_matrix_get (net->W2, m, k);
        gsl_matrix_set (g->dp1, n, m, acc);
        gsl_matrix_set (g->dz1, n, m,
                        gsl_matrix_get (cache->z1, n, m) > 0.0 ? acc : 0.0);
      }

  /* first layer weights */
  for (d = 0; d < D; d++)
    for (m = 0; m < M; m++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W1, d, m);
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, m);
        gsl_matrix_set (g->dW1, d, m, acc);
      }

  /* first layer bias */
  for (m = 0; m < M; m++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, m);
      gsl_vector_set (g->db1, m, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
