/*
 * backward.c  (Dmitri Volkov)
 *
 * softmax_loss() recomputes the probabilities from the scores and returns
 * the loss; the gradient is built from those probabilities with a few
 * small helpers.
 */
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double last_loss;

/* P (N x C) = softmax of the rows of Z, returns mean -log P[y] */
static double
softmax_loss (const gsl_matrix *Z, const size_t *y, double *P)
{
  size_t n, c, N = Z->size1, C = Z->size2;
  double total = 0.0;

  for (n = 0; n < N; n++)
    {
      double zmax = gsl_matrix_get (Z, n, 0), norm = 0.0;
      for (c = 1; c < C; c++)
        zmax = fmax (zmax, gsl_matrix_get (Z, n, c));
      for (c = 0; c < C; c++)
        {
          P[n * C + c] = exp (gsl_matrix_get (Z, n, c) - zmax);
          norm += P[n * C + c];
        }
      for (c = 0; c < C; c++)
        P[n * C + c] /= norm;
      total -= log (P[n * C + y[n]]);
    }
  return total / N;
}

static double
sq_norm (const gsl_matrix *W)
{
  size_t a, b;
  double t = 0.0;
  for (a = 0; a < W->size1; a++)
    for (b = 0; b < W->size2; b++)
      t += gsl_matrix_get (W, a, b) * gsl_matrix_get (W, a, b);
  return t;
}

/* dW = A' dZ + 2 reg W */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_matrix_scale (dW, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 1.0, dW);
}

static void
col_sums (const gsl_matrix *A, gsl_vector *s)
{
  size_t i;
  gsl_vector_set_zero (s);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (s, &r.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, C = net->C, n, h;
  double *P;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  P = malloc (N * C * sizeof *P);
  if (!P)
    return 1;

  last_loss = softmax_loss (cache->z2, y, P)
              + reg * (sq_norm (net->W1) + sq_norm (net->W2));

  {
    gsl_matrix_view Pv = gsl_matrix_view_array (P, N, C);
    for (n = 0; n < N; n++)
      gsl_matrix_set (&Pv.matrix, n, y[n],
                      gsl_matrix_get (&Pv.matrix, n, y[n]) - 1.0);
    gsl_matrix_memcpy (g->dz2, &Pv.matrix);
    gsl_matrix_scale (g->dz2, 1.0 / N);
  }
  free (P);

  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  col_sums (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* p1 > 0 exactly when z1 > 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      if (!(gsl_matrix_get (cache->p1, n, h) > 0.0))
        gsl_matrix_set (g->dz1, n, h, 0.0);

  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  col_sums (g->dz1, g->db1);

  (void) last_loss;
  g->present = BP_GRADS_ALL;
  return 0;
}
