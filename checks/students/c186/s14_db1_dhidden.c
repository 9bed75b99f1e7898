/* Lab 3: Backprop for TwoLayerNet (C version)
 * Ly Thanh Son - 20205311
 * Notation as in the lecture: dscores, dhidden, dW1, db1, dW2, db2
 */
#include "backprop.h"

#define GET(M,i,j)    gsl_matrix_get((M), (i), (j))
#define SET(M,i,j,v)  gsl_matrix_set((M), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* sum of every column */
static void sum_columns (const gsl_matrix *A, gsl_vector *out)
{
  for (size_t j = 0; j < A->size2; j++) {
    double s = 0;
    for (size_t i = 0; i < A->size1; i++)
      s += GET (A, i, j);
    gsl_vector_set (out, j, s);
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  gsl_matrix *dscores = g->dz2, *dhidden = g->dp1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores = probs - 1 at the true class, averaged */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < C; j++)
      SET (dscores, i, j, (GET (cache->prob, i, j) - (j == y[i] ? 1 : 0)) / N);

  /* dW2 = hidden^T dscores + 2 reg W2 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++) {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += GET (cache->p1, i, h) * GET (dscores, i, c);
      SET (g->dW2, h, c, s + 2 * reg * GET (net->W2, h, c));
    }
  sum_columns (dscores, g->db2);

  /* dhidden = dscores W2^T */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++) {
      double s = 0;
      for (size_t c = 0; c < C; c++)
        s += GET (dscores, i, c) * GET (net->W2, h, c);
      SET (dhidden, i, h, s);
    }

  /* backprop the relu */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      SET (g->dz1, i, h, GET (cache->z1, i, h) > 0 ? GET (dhidden, i, h) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++) {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += GET (X, i, d) * GET (g->dz1, i, h);
      SET (g->dW1, d, h, s + 2 * reg * GET (net->W1, d, h));
    }

  /* db1 = sum of dhidden */
  sum_columns (dhidden, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
