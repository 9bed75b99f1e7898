/* backward.c  --  P. Kowalski, lattice QCD group
 *
 * Summer school DL exercise.  Copies everything into flat arrays first
 * (habit from our lattice code), then the products dW2 = p1^T dz2,
 * dp1 = dz2 W2^T, dW1 = X^T dz1 as explicit sums.
 */
#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, a, b;
  double *p, *z, *d, *s, acc;
  int err = 0;

  p = malloc (N * H * sizeof (double));   /* p1 */
  z = malloc (N * H * sizeof (double));   /* z1 */
  d = malloc (N * C * sizeof (double));   /* dz2 */
  s = malloc (N * H * sizeof (double));   /* dz1 */
  if (!p || !z || !d || !s) { err = 1; goto cleanup; }

  for (i = 0; i < N; i++)
    for (a = 0; a < H; a++) {
      p[i*H + a] = gsl_matrix_get (cache->p1, i, a);
      z[i*H + a] = gsl_matrix_get (cache->z1, i, a);
    }

  for (i = 0; i < N; i++)
    for (b = 0; b < C; b++) {
      d[i*C + b] = gsl_matrix_get (cache->prob, i, b);
      if (b == y[i]) d[i*C + b] -= 1.0;
      d[i*C + b] /= N;
      gsl_matrix_set (g->dz2, i, b, d[i*C + b]);
    }

  /* dW2(a,b) = sum_i p1(i,a) dz2(i,b) + 2 reg W2(a,b) */
  for (a = 0; a < H; a++)
    for (b = 0; b < C; b++) {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += p[a*N + i] * d[i*C + b];
      gsl_matrix_set (g->dW2, a, b, acc + 2.0 * reg * gsl_matrix_get (net->W2, a, b));
    }

  /* db2(b) = sum_i dz2(i,b) */
  for (b = 0; b < C; b++) {
    acc = 0.0;
    for (i = 0; i < N; i++) acc += d[i*C + b];
    gsl_vector_set (g->db2, b, acc);
  }

  /* dp1(i,a) = sum_b dz2(i,b) W2(a,b);  dz1 = dp1 where z1 > 0 */
  for (i = 0; i < N; i++)
    for (a = 0; a < H; a++) {
      acc = 0.0;
      for (b = 0; b < C; b++) acc += d[i*C + b] * gsl_matrix_get (net->W2, a, b);
      gsl_matrix_set (g->dp1, i, a, acc);
      s[i*H + a] = z[i*H + a] > 0.0 ? acc : 0.0;
      gsl_matrix_set (g->dz1, i, a, s[i*H + a]);
    }

  /* dW1(b,a) = sum_i X(i,b) dz1(i,a) + 2 reg W1(b,a) */
  for (b = 0; b < D; b++)
    for (a = 0; a < H; a++) {
      acc = 0.0;
      for (i = 0; i < N; i++) acc += gsl_matrix_get (X, i, b) * s[i*H + a];
      gsl_matrix_set (g->dW1, b, a, acc + 2.0 * reg * gsl_matrix_get (net->W1, b, a));
    }

  /* db1(a) = sum_i dz1(i,a) */
  for (a = 0; a < H; a++) {
    acc = 0.0;
    for (i = 0; i < N; i++) acc += s[i*H + a];
    gsl_vector_set (g->db1, a, acc);
  }

  g->present = BP_GRADS_ALL;

cleanup:
  free (p); free (z); free (d); free (s);
  return err;
}
