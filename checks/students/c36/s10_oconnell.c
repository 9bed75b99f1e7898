/* backward.c
 * R. O'Connell -- labour economics, DL summer school week 1
 *
 * The ReLU passes a gradient through only where it is positive
 * (a kink like a tax threshold).
 */
#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;
  double v;

  /* --- output layer --- */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++) {
      v = gsl_matrix_get (cache->prob, n, c);
      if (c == y[n]) v = v - 1.0;
      gsl_matrix_set (g->dz2, n, c, v / N);
    }

  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++) {
      v = 0.0;
      for (n = 0; n < N; n++) v = v + gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
      gsl_matrix_set (g->dW2, h, c, v + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
    }

  for (c = 0; c < C; c++) {
    v = 0.0;
    for (n = 0; n < N; n++) v = v + gsl_matrix_get (g->dz2, n, c);
    gsl_vector_set (g->db2, c, v);
  }

  /* --- hidden layer --- */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++) {
      v = 0.0;
      for (c = 0; c < C; c++) v = v + gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
      gsl_matrix_set (g->dp1, n, h, v);
    }

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++) {
      v = gsl_matrix_get (g->dp1, n, h);
      if (v > 0.0)
        gsl_matrix_set (g->dz1, n, h, v);
      else
        gsl_matrix_set (g->dz1, n, h, 0.0);
    }

  /* --- input layer --- */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++) {
      v = 0.0;
      for (n = 0; n < N; n++) v = v + gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
      gsl_matrix_set (g->dW1, d, h, v + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
    }

  for (h = 0; h < H; h++) {
    v = 0.0;
    for (n = 0; n < N; n++) v = v + gsl_matrix_get (g->dz1, n, h);
    gsl_vector_set (g->db1, h, v);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
