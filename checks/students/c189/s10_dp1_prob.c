/* backward.c -- Lab 5 (backprop)
   Follows the lecture: each gradient in its own block, read with
   gsl_matrix_get, write with gsl_matrix_set.                     */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double tmp;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* -------- 1. dz2 -------- */
  for (i = 0; i < N; i++) {
    for (k = 0; k < C; k++) {
      tmp = gsl_matrix_get (cache->prob, i, k);
      if (y[i] == k) tmp = tmp - 1.0;
      gsl_matrix_set (g->dz2, i, k, tmp / N);
    }
  }

  /* -------- 2. dW2 -------- */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      tmp = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
      for (i = 0; i < N; i++)
        tmp += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      gsl_matrix_set (g->dW2, j, k, tmp);
    }
  }

  /* -------- 3. db2 -------- */
  for (k = 0; k < C; k++) {
    tmp = 0.0;
    for (i = 0; i < N; i++)
      tmp += gsl_matrix_get (g->dz2, i, k);
    gsl_vector_set (g->db2, k, tmp);
  }

  /* -------- 4. dp1 -------- */
  /* dp1 = dscores . W2^T */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      tmp = 0.0;
      for (k = 0; k < C; k++)
        tmp += gsl_matrix_get (cache->prob, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, tmp);
    }
  }

  /* -------- 5. dz1 -------- */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        tmp = gsl_matrix_get (g->dp1, i, j);
      else
        tmp = 0.0;
      gsl_matrix_set (g->dz1, i, j, tmp);
    }
  }

  /* -------- 6. dW1 -------- */
  for (i = 0; i < D; i++) {
    for (j = 0; j < H; j++) {
      tmp = 2.0 * reg * gsl_matrix_get (net->W1, i, j);
      for (k = 0; k < N; k++)
        tmp += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
      gsl_matrix_set (g->dW1, i, j, tmp);
    }
  }

  /* -------- 7. db1 -------- */
  for (j = 0; j < H; j++) {
    tmp = 0.0;
    for (i = 0; i < N; i++)
      tmp += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, tmp);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
