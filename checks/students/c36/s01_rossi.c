/* backward.c  --  DL summer school, exercise 3 (backprop by hand)
 * M. Rossi, theoretical physics (2nd year PhD)
 *
 * Notes to myself:
 *  - I do not trust the cached prob, so I recompute the softmax from z2,
 *    shifted by the row maximum (same trick as for a partition function
 *    Z = sum exp(-beta E) at low T, otherwise exp overflows).
 *  - The 1/N of the mean is put at the very END, on everything at once,
 *    like the normalisation in my Monte Carlo codes.  Then the L2 term
 *    d/dW [ reg * W^2 ] = 2 reg W is added (NOT divided by N).
 */
#include <stdlib.h>
#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, a, b;
  double *e = NULL, *q = NULL, *r = NULL, m, Z, s, f;
  int rc = 0;

  e = malloc (N * C * sizeof (double));   /* N * dz2 */
  q = malloc (N * H * sizeof (double));   /* N * dp1 */
  r = malloc (N * H * sizeof (double));   /* N * dz1 */
  if (e == NULL || q == NULL || r == NULL) { rc = 1; goto fin; }

  /* softmax once more, row by row, minus the max */
  for (i = 0; i < N; i++) {
    m = gsl_matrix_get (cache->z2, i, 0);
    for (j = 1; j < C; j++) if (gsl_matrix_get (cache->z2, i, j) > m) m = gsl_matrix_get (cache->z2, i, j);
    Z = 0.0;
    for (j = 0; j < C; j++) { e[i*C + j] = exp (gsl_matrix_get (cache->z2, i, j) - m); Z += e[i*C + j]; }
    for (j = 0; j < C; j++) e[i*C + j] = e[i*C + j] / Z - (j == y[i] ? 1.0 : 0.0);
  }

  /* W2 and b2 (unnormalised) */
  for (a = 0; a < H; a++)
    for (b = 0; b < C; b++) {
      s = 0.0;
      for (i = 0; i < N; i++) s += gsl_matrix_get (cache->p1, i, a) * e[i*C + b];
      gsl_matrix_set (g->dW2, a, b, s);
    }
  for (b = 0; b < C; b++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += e[i*C + b];
    gsl_vector_set (g->db2, b, s);
  }

  /* back into the hidden layer */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      s = 0.0;
      for (k = 0; k < C; k++) s += e[i*C + k] * gsl_matrix_get (net->W2, j, k);
      q[i*H + j] = s;
      r[i*H + j] = (gsl_matrix_get (cache->z1, i, j) > 0.0) ? s : 0.0;
    }

  /* W1 and b1 (unnormalised) */
  for (a = 0; a < D; a++)
    for (b = 0; b < H; b++) {
      s = 0.0;
      for (i = 0; i < N; i++) s += gsl_matrix_get (X, i, a) * r[i*H + b];
      gsl_matrix_set (g->dW1, a, b, s);
    }
  for (b = 0; b < H; b++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += r[i*H + b];
    gsl_vector_set (g->db1, b, s);
  }

  /* ---- normalisation, all at the end ---- */
  f = 1.0 / (double) N;
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) gsl_matrix_set (g->dz2, i, j, f * e[i*C + j]);
    for (j = 0; j < H; j++) { gsl_matrix_set (g->dp1, i, j, f * q[i*H + j]); gsl_matrix_set (g->dz1, i, j, f * r[i*H + j]); }
  }
  gsl_matrix_scale (g->dW2, f);
  gsl_vector_scale (g->db2, f);
  gsl_matrix_scale (g->dW1, f);
  gsl_vector_scale (g->db1, f);

  /* weight decay, not normalised */
  for (a = 0; a < H; a++) for (b = 0; b < C; b++) gsl_matrix_set (g->dW2, a, b, gsl_matrix_get (g->dW2, a, b) + 2.0 * reg * gsl_matrix_get (net->W2, a, b));
  for (a = 0; a < D; a++) for (b = 0; b < H; b++) gsl_matrix_set (g->dW1, a, b, gsl_matrix_get (g->dW1, a, b) + 2.0 * reg * gsl_matrix_get (net->W1, a, b));

  g->present = BP_GRADS_ALL;

fin:
  free (e); free (q); free (r);
  return rc;
}
