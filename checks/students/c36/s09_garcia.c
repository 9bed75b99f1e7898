/* ==========================================================
 * DL summer school -- backward pass of TwoLayerNet in C
 * L. Garcia (population genetics)
 *
 * W2 is copied once into a plain array w (H x C, row major) because
 * gsl_matrix_get in the innermost loop looked slow.
 * ========================================================== */
#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *w = NULL, *d = NULL, *q = NULL, *r = NULL, s;
  int ret = 1;

  w = malloc (H * C * sizeof *w);
  d = malloc (N * C * sizeof *d);
  q = malloc (N * H * sizeof *q);
  r = malloc (N * H * sizeof *r);
  if (!w || !d || !q || !r) goto out;

  for (j = 0; j < H; j++) for (k = 0; k < C; k++) w[j*C + k] = gsl_matrix_get (net->W2, j, k);

  /* dz2 */
  for (i = 0; i < N; i++) {
    for (k = 0; k < C; k++) d[i*C + k] = gsl_matrix_get (cache->prob, i, k);
    d[i*C + y[i]] -= 1.0;
    for (k = 0; k < C; k++) d[i*C + k] /= (double) N;
  }

  /* dp1 = dz2 * W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      q[i*H + j] = 0.0;
      for (k = 0; k < C; k++)
        q[i*H + j] = d[i*C + k] * w[j*C + k];
    }

  /* dz1 */
  for (i = 0; i < N*H; i++) r[i] = (gsl_matrix_get (cache->z1, i / H, i % H) > 0.0) ? q[i] : 0.0;

  /* dW2, db2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      s = 0.0;
      for (i = 0; i < N; i++) s += gsl_matrix_get (cache->p1, i, j) * d[i*C + k];
      gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * w[j*C + k]);
    }
  for (k = 0; k < C; k++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += d[i*C + k];
    gsl_vector_set (g->db2, k, s);
  }

  /* dW1, db1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++) {
      s = 0.0;
      for (k = 0; k < N; k++) s += gsl_matrix_get (X, k, i) * r[k*H + j];
      gsl_matrix_set (g->dW1, i, j, s + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
    }
  for (j = 0; j < H; j++) {
    s = 0.0;
    for (k = 0; k < N; k++) s += r[k*H + j];
    gsl_vector_set (g->db1, j, s);
  }

  /* store the rest */
  for (i = 0; i < N; i++) {
    for (k = 0; k < C; k++) gsl_matrix_set (g->dz2, i, k, d[i*C + k]);
    for (j = 0; j < H; j++) gsl_matrix_set (g->dp1, i, j, q[i*H + j]);
    for (j = 0; j < H; j++) gsl_matrix_set (g->dz1, i, j, r[i*H + j]);
  }
  g->present = BP_GRADS_ALL;
  ret = 0;

out:
  free (w); free (d); free (q); free (r);
  return ret;
}
