/* Lab3 backward - Ngo Thi Mai 20196678 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double sum;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  /* ---- output layer ---- */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) {
      double p = gsl_matrix_get (cache->prob, i, j);
      gsl_matrix_set (g->dz2, i, j, (j == y[i] ? p - 1.0 : p) / N);
    }
  }

  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      gsl_matrix_set (g->dW2, j, k, sum + 2 * reg * gsl_matrix_get (net->W2, j, k));
    }
  }

  /* db2: bias gradient is the mean of dscores over the batch */
  for (k = 0; k < C; k++) {
    sum = 0;
    for (i = 0; i < N; i++)
      sum += gsl_matrix_get (g->dz2, i, k);
    gsl_vector_set (g->db2, k, sum / N);
  }

  /* ---- hidden layer ---- */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      sum = 0;
      for (k = 0; k < C; k++)
        sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, sum);
      /* relu */
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? sum : 0.0);
    }
  }

  for (k = 0; k < D; k++) {
    for (j = 0; j < H; j++) {
      sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
      gsl_matrix_set (g->dW1, k, j, sum + 2 * reg * gsl_matrix_get (net->W1, k, j));
    }
  }

  for (j = 0; j < H; j++) {
    sum = 0;
    for (i = 0; i < N; i++)
      sum += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
