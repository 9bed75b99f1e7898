/* Jun Park -- backward.c for the 2-layer net
 * forward bits (softmax, loss) recomputed here, then backprop with loops */

#include <math.h>
#include <stdio.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static int verbose = 0;   /* set to 1 to print the loss */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
  int n, d, h, c;
  double sum, big, loss;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;

  // ---- loss ----
  loss = 0;
  for (n = 0; n < N; n++) {
    big = gsl_matrix_get(cache->z2, n, 0);
    for (c = 1; c < C; c++)
      if (gsl_matrix_get(cache->z2, n, c) > big) big = gsl_matrix_get(cache->z2, n, c);
    sum = 0;
    for (c = 0; c < C; c++) sum += exp(gsl_matrix_get(cache->z2, n, c) - big);
    loss += log(sum) + big - gsl_matrix_get(cache->z2, n, y[n]);
    // probs into dz2
    for (c = 0; c < C; c++)
      gsl_matrix_set(g->dz2, n, c, exp(gsl_matrix_get(cache->z2, n, c) - big) / sum);
  }
  loss /= N;
  sum = 0;
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++) sum += gsl_matrix_get(net->W1, d, h) * gsl_matrix_get(net->W1, d, h);
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++) sum += gsl_matrix_get(net->W2, h, c) * gsl_matrix_get(net->W2, h, c);
  loss += reg * sum;
  if (verbose) fprintf(stderr, "loss = %f\n", loss);

  // ---- dz2 ----
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++) {
      double p = gsl_matrix_get(g->dz2, n, c);
      if ((size_t) c == y[n]) p -= 1;
      gsl_matrix_set(g->dz2, n, c, p / N);
    }

  // ---- dW2, db2 ----
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++) {
      sum = 0;
      for (n = 0; n < N; n++) sum += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
      gsl_matrix_set(g->dW2, h, c, sum + 2 * reg * gsl_matrix_get(net->W2, h, c));
    }
  for (c = 0; c < C; c++) {
    sum = 0;
    for (n = 0; n < N; n++) sum += gsl_matrix_get(g->dz2, n, c);
    gsl_vector_set(g->db2, c, sum);
  }

  // ---- dp1, dz1 ----
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++) {
      sum = 0;
      for (c = 0; c < C; c++) sum += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
      gsl_matrix_set(g->dp1, n, h, sum);
    }
  // relu derivative
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(g->dp1, n, h) * gsl_matrix_get(cache->p1, n, h));

  // ---- dW1, db1 ----
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++) {
      sum = 0;
      for (n = 0; n < N; n++) sum += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
      gsl_matrix_set(g->dW1, d, h, sum + 2 * reg * gsl_matrix_get(net->W1, d, h));
    }
  for (h = 0; h < H; h++) {
    sum = 0;
    for (n = 0; n < N; n++) sum += gsl_matrix_get(g->dz1, n, h);
    gsl_vector_set(g->db1, h, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
