/* Chioma U.  lab3 backward.c */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double sum, *q;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  /* dz2 */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++) {
    q = gsl_matrix_ptr(g->dz2, i, y[i]);
    *q = *q - 1;
  }
  gsl_matrix_scale(g->dz2, 1.0 / N);

  /* dW2 = (hidden output)^T * dz2 + 2*reg*W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      sum = 0;
      for (i = 0; i < N; i++) sum += gsl_matrix_get(cache->z1, i, j) * gsl_matrix_get(g->dz2, i, k);
      gsl_matrix_set(g->dW2, j, k, sum + 2 * reg * gsl_matrix_get(net->W2, j, k));
    }

  /* db2 */
  for (k = 0; k < C; k++) {
    sum = 0;
    for (i = 0; i < N; i++) sum += gsl_matrix_get(g->dz2, i, k);
    gsl_vector_set(g->db2, k, sum);
  }

  /* dp1 = dz2 * W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      sum = 0;
      for (k = 0; k < C; k++) sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      gsl_matrix_set(g->dp1, i, j, sum);
    }

  /* dz1 */
  gsl_matrix_memcpy(g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get(cache->z1, i, j) <= 0) gsl_matrix_set(g->dz1, i, j, 0);

  /* dW1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      sum = 0;
      for (i = 0; i < N; i++) sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
      gsl_matrix_set(g->dW1, k, j, sum + 2 * reg * gsl_matrix_get(net->W1, k, j));
    }

  /* db1 */
  for (j = 0; j < H; j++) {
    sum = 0;
    for (i = 0; i < N; i++) sum += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
