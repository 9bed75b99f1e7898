// Backward pass, two layer net -- summer school project
// Author: A. Lindqvist (econometrics)
//
// I think of the loss as an average over "agents" (samples), so I do the
// backprop one agent at a time and add up its contribution with weight
// 1/N, like a sample moment.  The penalty part is put in first as the
// starting value of the sums.
//
// TODO: vectorise with dgemm if there is time (there was not)

#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n, N = X->size1, D = net->D, H = net->H, C = net->C, i, j, c;
  double w = 1.0 / N, v, t;
  double *u;            // dp1 of the current agent (length H)

  u = malloc (H * sizeof (double));
  if (u == NULL) return 1;

  // starting values: penalty for the weights, zero for the biases
  for (i = 0; i < H; i++) for (c = 0; c < C; c++) gsl_matrix_set (g->dW2, i, c, 2 * reg * gsl_matrix_get (net->W2, i, c));
  for (i = 0; i < D; i++) for (j = 0; j < H; j++) gsl_matrix_set (g->dW1, i, j, 2 * reg * gsl_matrix_get (net->W1, i, j));
  for (c = 0; c < C; c++) gsl_vector_set (g->db2, c, 0.0);
  for (j = 0; j < H; j++) gsl_vector_set (g->db1, j, 0.0);

  for (n = 0; n < N; n++) {
    // output layer of agent n
    for (c = 0; c < C; c++) {
      v = gsl_matrix_get (cache->prob, n, c);
      if (c == y[n]) v -= 1;
      v *= w;
      gsl_matrix_set (g->dz2, n, c, v);
      gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + v);
      for (j = 0; j < H; j++)
        gsl_matrix_set (g->dW2, j, c, gsl_matrix_get (g->dW2, j, c) + gsl_matrix_get (cache->p1, n, j) * v);
    }
    // hidden layer of agent n
    for (j = 0; j < H; j++) {
      t = 0;
      for (c = 0; c < C; c++) t += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, j, c);
      u[j] = t;
      gsl_matrix_set (g->dp1, n, j, t);
      if (gsl_matrix_get (cache->z1, n, j) <= 0) t = 0;   // relu closed
      gsl_matrix_set (g->dz1, n, j, t);
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + t);
      for (i = 0; i < D; i++)
        gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j) + gsl_matrix_get (X, n, i) * t);
    }
  }

  // u was only for debugging prints
  // for (j = 0; j < H; j++) printf ("%g ", u[j]);
  free (u);
  g->present = BP_GRADS_ALL;
  return 0;
}
