/* backward.c -- CS 4xx, assignment 3, part 2: backprop for the 2-layer net
 * Author: M. Okafor
 *
 * I don't trust the gsl accessors inside the hot loops, so everything is
 * pulled out into plain double** tables first (a[i][j] reads like the
 * lecture notes).  The softmax is recomputed from the scores with the
 * max-subtraction trick from lecture 6 instead of using cache->prob, so I
 * can check I understand where it comes from.
 */

#include <stdlib.h>
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double **new_table (size_t rows, size_t cols);
static void free_table (double **t);
static double **table_from_gsl (const gsl_matrix *m);
static void table_to_gsl (double **t, gsl_matrix *m);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* --- copy everything out --- */
  double **x = table_from_gsl (X);
  double **w1 = table_from_gsl (net->W1);
  double **w2 = table_from_gsl (net->W2);
  double **z2 = table_from_gsl (cache->z2);
  double **a1 = table_from_gsl (cache->p1);   /* hidden activations */

  double **delta2 = new_table (N, C);
  double **gW2 = new_table (H, C);
  double **dA1 = new_table (N, H);
  double **delta1 = new_table (N, H);
  double **gW1 = new_table (D, H);
  double *gb2 = calloc (C, sizeof (double));
  double *gb1 = calloc (H, sizeof (double));

  /* --- softmax again, stably: p_ij = exp(z_ij - m_i) / sum_k exp(z_ik - m_i) --- */
  for (i = 0; i < N; i++)
    {
      double m = z2[i][0], s = 0.0;
      for (j = 1; j < C; j++)
        if (z2[i][j] > m)
          m = z2[i][j];
      for (j = 0; j < C; j++)
        {
          delta2[i][j] = exp (z2[i][j] - m);
          s += delta2[i][j];
        }
      for (j = 0; j < C; j++)
        delta2[i][j] /= s;
      /* dL/dz2 = (p - onehot) / N */
      delta2[i][y[i]] -= 1.0;
      for (j = 0; j < C; j++)
        delta2[i][j] /= (double) N;
    }

  /* --- layer 2: dW2 = a1^T delta2 + 2 reg W2,  db2 = sum_i delta2[i] --- */
  for (k = 0; k < H; k++)
    for (j = 0; j < C; j++)
      {
        double acc = 0.0;
        for (i = 0; i < N; i++)
          acc += a1[i][k] * delta2[i][j];
        gW2[k][j] = acc + 2.0 * reg * w2[k][j];
      }
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gb2[j] += delta2[i][j];

  /* --- back into the hidden layer: dA1 = delta2 W2^T --- */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      {
        double acc = 0.0;
        for (j = 0; j < C; j++)
          acc += delta2[i][j] * w2[k][j];
        dA1[i][k] = acc;
      }

  /* relu'(z1): a1 > 0 exactly when z1 > 0, so I use a1 (already copied) */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      delta1[i][k] = a1[i][k] > 0.0 ? dA1[i][k] : 0.0;

  /* --- layer 1: dW1 = x^T delta1 + 2 reg W1,  db1 = sum_i delta1[i] --- */
  for (j = 0; j < D; j++)
    for (k = 0; k < H; k++)
      {
        double acc = 0.0;
        for (i = 0; i < N; i++)
          acc += x[i][j] * delta1[i][k];
        gW1[j][k] = acc + 2.0 * reg * w1[j][k];
      }
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      gb1[k] += delta1[i][k];

  /* --- copy everything back in --- */
  table_to_gsl (delta2, g->dz2);
  table_to_gsl (gW2, g->dW2);
  table_to_gsl (dA1, g->dp1);
  table_to_gsl (delta1, g->dz1);
  table_to_gsl (gW1, g->dW1);
  for (j = 0; j < C; j++)
    gsl_vector_set (g->db2, j, gb2[j]);
  for (k = 0; k < H; k++)
    gsl_vector_set (g->db1, k, gb1[k]);
  g->present = BP_GRADS_ALL;

  free_table (x); free_table (w1); free_table (w2); free_table (z2);
  free_table (a1); free_table (delta2); free_table (gW2); free_table (dA1);
  free_table (delta1); free_table (gW1);
  free (gb2); free (gb1);
  return 0;
}

/* ---------------------------------------------------------------- helpers */

/* rows pointers into one zeroed block, so free_table is two frees */
static double **
new_table (size_t rows, size_t cols)
{
  double **t = malloc (rows * sizeof (double *));
  double *block = calloc (rows * cols, sizeof (double));
  for (size_t r = 0; r < rows; r++)
    t[r] = block + r * cols;
  return t;
}

static void
free_table (double **t)
{
  free (t[0]);
  free (t);
}

static double **
table_from_gsl (const gsl_matrix *m)
{
  double **t = new_table (m->size1, m->size2);
  for (size_t r = 0; r < m->size1; r++)
    for (size_t c = 0; c < m->size2; c++)
      t[r][c] = gsl_matrix_get (m, r, c);
  return t;
}

static void
table_to_gsl (double **t, gsl_matrix *m)
{
  for (size_t r = 0; r < m->size1; r++)
    for (size_t c = 0; c < m->size2; c++)
      gsl_matrix_set (m, r, c, t[r][c]);
}
