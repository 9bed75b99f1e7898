/* backward.c -- T. Adeyemi, neuroscience lab
 * DL summer school, day 2 practical.
 * I first wrote this in R (1-based), then translated.
 */
#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, j, k;
  double tot, *dz1;

  dz1 = malloc (N * H * sizeof (double));
  if (!dz1) return 1;

  /* gradient on the scores */
  for (n = 0; n < N; n++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, n, k, (gsl_matrix_get (cache->prob, n, k) - (k == y[n] ? 1.0 : 0.0)) / N);

  /* second layer */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      tot = 0.0;
      for (n = 0; n < N; n++) tot += gsl_matrix_get (cache->p1, n, j) * gsl_matrix_get (g->dz2, n, k);
      gsl_matrix_set (g->dW2, j, k, tot + 2 * reg * gsl_matrix_get (net->W2, j, k));
    }
  for (k = 0; k < C; k++) {
    tot = 0.0;
    for (n = 0; n < N; n++) tot += gsl_matrix_get (g->dz2, n, k);
    gsl_vector_set (g->db2, k, tot);
  }

  /* back through W2 and the relu */
  for (n = 0; n < N; n++)
    for (j = 0; j < H; j++) {
      tot = 0.0;
      for (k = 0; k < C; k++) tot += gsl_matrix_get (g->dz2, n, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, n, j, tot);
      dz1[n*H + j] = (gsl_matrix_get (cache->z1, n, j) > 0) ? tot : 0.0;
      gsl_matrix_set (g->dz1, n, j, dz1[n*H + j]);
    }

  /* first layer: dW1 = X' dz1 + 2 reg W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++) {
      tot = 0.0;
      for (n = 1; n < N; n++)
        tot += gsl_matrix_get (X, n, i) * dz1[n*H + j];
      gsl_matrix_set (g->dW1, i, j, tot + 2 * reg * gsl_matrix_get (net->W1, i, j));
    }

  /* db1 = colSums(dz1) */
  for (j = 0; j < H; j++) {
    tot = 0.0;
    for (n = 0; n < N; n++) tot += dz1[n*H + j];
    gsl_vector_set (g->db1, j, tot);
  }

  g->present = BP_GRADS_ALL;
  free (dz1);
  return 0;
}
