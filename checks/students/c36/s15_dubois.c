/* backward.c -- M. Dubois (finance / econometrics)
 * summer school deep learning, assignment 1
 * softmax-crossentropy gradient = p - y (one-hot), see lecture 4 slide 31
 * TODO: check normalisation again before the deadline
 */
#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
  double s;

  if (cache->N != N) return 1;

  for (i = 0; i < N; i++) for (j = 0; j < C; j++) gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (cache->prob, i, j) - (y[i] == j ? 1.0 : 0.0));

  for (j = 0; j < H; j++) for (k = 0; k < C; k++) { s = 0; for (i = 0; i < N; i++) s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k); gsl_matrix_set (g->dW2, j, k, s + 2 * reg * gsl_matrix_get (net->W2, j, k)); }

  for (k = 0; k < C; k++) { s = 0; for (i = 0; i < N; i++) s += gsl_matrix_get (g->dz2, i, k); gsl_vector_set (g->db2, k, s); }

  for (i = 0; i < N; i++) for (j = 0; j < H; j++) { s = 0; for (k = 0; k < C; k++) s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k); gsl_matrix_set (g->dp1, i, j, s); }

  for (i = 0; i < N; i++) for (j = 0; j < H; j++) gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0);

  for (i = 0; i < D; i++) for (j = 0; j < H; j++) { s = 0; for (k = 0; k < N; k++) s += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j); gsl_matrix_set (g->dW1, i, j, s + 2 * reg * gsl_matrix_get (net->W1, i, j)); }

  for (j = 0; j < H; j++) { s = 0; for (i = 0; i < N; i++) s += gsl_matrix_get (g->dz1, i, j); gsl_vector_set (g->db1, j, s); }

  g->present = BP_GRADS_ALL;
  return 0;
}
