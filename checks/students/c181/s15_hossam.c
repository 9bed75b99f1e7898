/* Hossam Eldin Ali  --  Assignment 3, two layer net backward
 * (translated from my matlab version of the lecture notes) */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db = sum of delta over the samples (rows) */
static void bias_sum (const gsl_matrix *delta, gsl_vector *db)
{
  size_t i, j;
  for (j = 0; j < delta->size2; j++) {
    double s = gsl_matrix_get (delta, 0, j);
    for (i = 1; i < delta->size1 - 1; i++)
      s += gsl_matrix_get (delta, i, j);
    gsl_vector_set (db, j, s);
  }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* delta3 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++) {
      double p = gsl_matrix_get (cache->prob, i, k);
      gsl_matrix_set (g->dz2, i, k, (k == y[i] ? p - 1.0 : p) / N);
    }

  /* dW2 = a1' * delta3 + 2*reg*W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
    }
  bias_sum (g->dz2, g->db2);

  /* delta2 = delta3 * W2' .* (z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      double s = 0.0;
      for (k = 0; k < C; k++)
        s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, s);
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? s : 0.0);
    }

  /* dW1 = X' * delta2 + 2*reg*W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
      gsl_matrix_set (g->dW1, k, j, s + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
    }
  bias_sum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
