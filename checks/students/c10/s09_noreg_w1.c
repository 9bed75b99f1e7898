/* Assignment 1 / Part 4: backprop
 * Tomasz K.
 *
 * Heap-allocated 2-D arrays through pointers to VLA rows, so I can write
 * A[i][j] and still not blow the stack on big batches.
 * Formulas (my derivation, page 3 of my notes):
 *   dL/dz2 = (softmax - 1_y) / N
 *   dL/dW2 = a1' dz2 + 2 reg W2,     dL/db2 = 1' dz2
 *   dL/da1 = dz2 W2'
 *   dL/dz1 = dL/da1 (.) [z1 > 0]
 *   dL/dW1 = X' dz1,                 dL/db1 = 1' dz1
 */

#include <stdlib.h>
#include "backprop/grads.h"

static void
add_reg (size_t r, size_t c, double G[r][c], const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < r; i++)
    for (size_t j = 0; j < c; j++)
      G[i][j] += 2.0 * reg * gsl_matrix_get (W, i, j);
}

static void
copy_back (size_t r, size_t c, double G[r][c], gsl_matrix *M)
{
  for (size_t i = 0; i < r; i++)
    for (size_t j = 0; j < c; j++)
      gsl_matrix_set (M, i, j, G[i][j]);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double (*dz2)[C] = malloc (sizeof (double[N][C]));
  double (*gradW2)[C] = malloc (sizeof (double[H][C]));
  double (*da1)[H] = malloc (sizeof (double[N][H]));
  double (*dz1)[H] = malloc (sizeof (double[N][H]));
  double (*gradW1)[H] = malloc (sizeof (double[D][H]));
  double (*w2)[C] = malloc (sizeof (double[H][C]));
  double *gradb2 = malloc (C * sizeof (double));
  double *gradb1 = malloc (H * sizeof (double));

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      w2[h][c] = gsl_matrix_get (net->W2, h, c);

  /* dz2 */
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      {
        double p = gsl_matrix_get (cache->prob, n, c);
        dz2[n][c] = (c == y[n] ? p - 1.0 : p) / (double) N;
      }

  /* dW2, db2 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
          acc += gsl_matrix_get (cache->p1, n, h) * dz2[n][c];
        gradW2[h][c] = acc;
      }
  add_reg (H, C, gradW2, net->W2, reg);
  for (size_t c = 0; c < C; c++)
    {
      gradb2[c] = 0.0;
      for (size_t n = 0; n < N; n++)
        gradb2[c] += dz2[n][c];
    }

  /* da1 and dz1 */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (size_t c = 0; c < C; c++)
          acc += dz2[n][c] * w2[h][c];
        da1[n][h] = acc;
        dz1[n][h] = gsl_matrix_get (cache->z1, n, h) > 0.0 ? acc : 0.0;
      }

  /* dW1, db1 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, d) * dz1[n][h];
        gradW1[d][h] = acc;
      }
  for (size_t h = 0; h < H; h++)
    {
      gradb1[h] = 0.0;
      for (size_t n = 0; n < N; n++)
        gradb1[h] += dz1[n][h];
    }

  copy_back (N, C, dz2, g->dz2);
  copy_back (H, C, gradW2, g->dW2);
  copy_back (N, H, da1, g->dp1);
  copy_back (N, H, dz1, g->dz1);
  copy_back (D, H, gradW1, g->dW1);
  for (size_t c = 0; c < C; c++)
    gsl_vector_set (g->db2, c, gradb2[c]);
  for (size_t h = 0; h < H; h++)
    gsl_vector_set (g->db1, h, gradb1[h]);
  g->present = BP_GRADS_ALL;

  free (dz2); free (gradW2); free (da1); free (dz1); free (gradW1);
  free (w2); free (gradb2); free (gradb1);
  return 0;
}
