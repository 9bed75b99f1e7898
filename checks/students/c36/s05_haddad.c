/* Two-layer net, backward pass.   S. Haddad (astrophysics)
 *
 * Ported from my old MATLAB/Fortran code where classes are numbered
 * 1..C.  Arrays are plain C arrays (row major, I checked!), GSL only
 * for input/output.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *d = NULL, *h = NULL, t;
  int status = 1;

  d = malloc (N * C * sizeof (double));
  h = malloc (N * H * sizeof (double));
  if (!d || !h) goto end;

  /* softmax + cross entropy:  dL/dz = (p - onehot) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++) {
      t = gsl_matrix_get (cache->prob, i, j);
      if (j + 1 == y[i]) t = t - 1.0;      /* true class */
      d[i*C + j] = t / N;
    }

  for (i = 0; i < N; i++) for (j = 0; j < C; j++) gsl_matrix_set (g->dz2, i, j, d[i*C + j]);

  /* W2, b2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      t = 0.0;
      for (i = 0; i < N; i++) t += gsl_matrix_get (cache->p1, i, j) * d[i*C + k];
      gsl_matrix_set (g->dW2, j, k, t + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
    }
  for (k = 0; k < C; k++) {
    t = 0.0;
    for (i = 0; i < N; i++) t += d[i*C + k];
    gsl_vector_set (g->db2, k, t);
  }

  /* hidden */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      t = 0.0;
      for (k = 0; k < C; k++) t += d[i*C + k] * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, t);
      h[i*H + j] = gsl_matrix_get (cache->z1, i, j) > 0.0 ? t : 0.0;
      gsl_matrix_set (g->dz1, i, j, h[i*H + j]);
    }

  /* W1, b1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      t = 0.0;
      for (i = 0; i < N; i++) t += gsl_matrix_get (X, i, k) * h[i*H + j];
      gsl_matrix_set (g->dW1, k, j, t + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
    }
  for (j = 0; j < H; j++) {
    t = 0.0;
    for (i = 0; i < N; i++) t += h[i*H + j];
    gsl_vector_set (g->db1, j, t);
  }

  g->present = BP_GRADS_ALL;
  status = 0;

end:
  free (d);
  free (h);
  return status;
}
