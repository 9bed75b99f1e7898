/*  backward.c   --   E. Ivanova (structural biology)
 *
 *  DL summer school.  Short names as on the blackboard:
 *    e = dz2 (N,C),  u = dp1 (N,H),  v = dz1 (N,H)
 *  (old version with gsl_matrix temporaries deleted, it leaked)
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
  double *e, *u, *v, s;

  e = calloc (N * C, sizeof (double));
  u = calloc (N * H, sizeof (double));
  v = calloc (N * H, sizeof (double));
  if (!e || !u || !v) { free (e); free (u); free (v); return 1; }

  /* e = (P - Y)/N */
  for (n = 0; n < N; n++) {
    for (k = 0; k < C; k++) e[n*C + k] = gsl_matrix_get (cache->prob, n, k) / N;
    e[n*C + y[n]] -= 1.0 / N;
  }

  /* u = e W2^T,  v = u .* (z1 > 0) */
  for (n = 0; n < N; n++)
    for (j = 0; j < H; j++) {
      for (k = 0; k < C; k++) u[n*H + j] += e[n*C + k] * gsl_matrix_get (net->W2, j, k);
      v[n*H + j] = gsl_matrix_get (cache->z1, n, j) > 0.0 ? u[n*H + j] : 0.0;
    }

  /* parameters */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      s = 0.0;
      for (n = 0; n < N; n++) s += gsl_matrix_get (cache->p1, n, j) * e[n*C + k];
      gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
    }
  for (k = 0; k < C; k++) {
    s = 0.0;
    for (n = 0; n < N; n++) s += e[n*C + k];
    gsl_vector_set (g->db2, k, s);
  }
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++) {
      s = 0.0;
      for (n = 0; n < N; n++) s += gsl_matrix_get (X, n, i) * v[n*H + j];
      gsl_matrix_set (g->dW1, i, j, s + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
    }
  for (j = 0; j < H; j++) {
    s = 0.0;
    for (n = 0; n < N; n++) s += u[n*H + j];
    gsl_vector_set (g->db1, j, s);
  }

  /* intermediates */
  for (n = 0; n < N; n++) {
    for (k = 0; k < C; k++) gsl_matrix_set (g->dz2, n, k, e[n*C + k]);
    for (j = 0; j < H; j++) { gsl_matrix_set (g->dp1, n, j, u[n*H + j]); gsl_matrix_set (g->dz1, n, j, v[n*H + j]); }
  }

  g->present = BP_GRADS_ALL;
  free (e); free (u); free (v);
  return 0;
}
