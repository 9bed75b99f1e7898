/* ------------------------------------------------------------------
 *  backward.c  (summer school DL, problem set 1, question 4)
 *  J. Moreau -- macroeconomics
 *
 *  loss = average cross-entropy + reg*(||W1||^2+||W2||^2)
 *  everything is an average over the N observations, so divide by N.
 * ------------------------------------------------------------------ */
#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
  double s;

  /* 1. scores */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / (double) N);

  /* 2. W2 : average of outer products p1_i dz2_i over observations */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      s = 0.0;
      for (i = 0; i < N; i++) s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      gsl_matrix_set (g->dW2, j, k, s / (double) N + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
    }

  /* 3. b2 */
  for (k = 0; k < C; k++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += gsl_matrix_get (g->dz2, i, k);
    gsl_vector_set (g->db2, k, s);
  }

  /* 4. p1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      s = 0.0;
      for (k = 0; k < C; k++) s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, s);
    }

  /* 5. z1 (relu) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* 6. W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      s = 0.0;
      for (i = 0; i < N; i++) s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
      gsl_matrix_set (g->dW1, k, j, s + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
    }

  /* 7. b1 */
  for (j = 0; j < H; j++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
