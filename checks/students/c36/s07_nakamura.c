/*
 * backward.c -- Y. Nakamura (systems biology), DL summer school
 *
 * Weight decay as in the lecture slides: dW += lambda * W.
 * (lambda is the "reg" the framework passes.)
 */
#include <stdio.h>
#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double lam = reg;          /* weight decay strength */
  double invN = 1.0 / (double) N;
  double *a, *b, *c, x;

  a = malloc (sizeof (double) * N * C);   /* dz2 */
  b = malloc (sizeof (double) * N * H);   /* dp1 */
  c = malloc (sizeof (double) * N * H);   /* dz1 */
  if (a == NULL || b == NULL || c == NULL) goto fail;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      a[i*C+j] = invN * (gsl_matrix_get (cache->prob, i, j) - ((size_t) j == y[i]));

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      x = 0;
      for (k = 0; k < C; k++) x += a[i*C+k] * gsl_matrix_get (net->W2, j, k);
      b[i*H+j] = x;
      c[i*H+j] = (gsl_matrix_get (cache->z1, i, j) > 0) ? x : 0;
    }

  /* parameter gradients */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      x = 0;
      for (i = 0; i < N; i++) x += gsl_matrix_get (cache->p1, i, j) * a[i*C+k];
      gsl_matrix_set (g->dW2, j, k, x + lam * gsl_matrix_get (net->W2, j, k));
    }
  for (k = 0; k < C; k++) {
    x = 0;
    for (i = 0; i < N; i++) x += a[i*C+k];
    gsl_vector_set (g->db2, k, x);
  }
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      x = 0;
      for (i = 0; i < N; i++) x += gsl_matrix_get (X, i, k) * c[i*H+j];
      gsl_matrix_set (g->dW1, k, j, x + lam * gsl_matrix_get (net->W1, k, j));
    }
  for (j = 0; j < H; j++) {
    x = 0;
    for (i = 0; i < N; i++) x += c[i*H+j];
    gsl_vector_set (g->db1, j, x);
  }

  /* intermediate ones, for the checker */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) gsl_matrix_set (g->dz2, i, j, a[i*C+j]);
    for (j = 0; j < H; j++) gsl_matrix_set (g->dp1, i, j, b[i*H+j]);
    for (j = 0; j < H; j++) gsl_matrix_set (g->dz1, i, j, c[i*H+j]);
  }

  free (a); free (b); free (c);
  g->present = BP_GRADS_ALL;
  return 0;

fail:
  fprintf (stderr, "malloc failed\n");
  free (a); free (b); free (c);
  return 1;
}
