/* backprop for the 2-layer net.  i = sample, j = hidden, k = class,
 * f = input feature. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1, F = (int) X->size2;
  int Hn = (int) net->H, K = (int) net->C;
  int i, j, k, f;

  if ((size_t) N != cache->N || (size_t) F != net->D || g->N != (size_t) N)
    return 1;

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    for (k = 0; k < K; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k)
                       - ((size_t) k == y[i] ? 1.0 : 0.0)) / N);

  /* accumulate sample by sample */
  for (i = 0; i < N; i++)
    for (j = 0; j < Hn; j++)
      for (k = 0; k < K; k++)
        *gsl_matrix_ptr (g->dW2, j, k) +=
          gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
  for (j = 0; j < Hn; j++)
    for (k = 0; k < K; k++)
      *gsl_matrix_ptr (g->dW2, j, k) += 2 * reg * gsl_matrix_get (net->W2, j, k);

  for (i = 0; i < N; i++)
    for (k = 0; k < K; k++)
      *gsl_vector_ptr (g->db2, k) += gsl_matrix_get (g->dz2, i, k);

  for (i = 0; i < N; i++)
    for (j = 0; j < Hn; j++)
      {
        double s = 0;
        for (k = 0; k < K; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  for (i = 0; i < N; i++)
    for (j = 0; j < Hn; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0);

  for (i = 0; i < N; i++)
    for (f = 0; f < F; f++)
      for (j = 0; j < Hn; j++)
        *gsl_matrix_ptr (g->dW1, f, j) +=
          gsl_matrix_get (X, i, f) * gsl_matrix_get (g->dz1, i, j);

  for (i = 0; i < N; i++)
    for (j = 0; j < Hn; j++)
      *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
