/*
 * backward.c for assignment 3
 * Daniel Cho (dcho7)
 *
 * numpy-like helpers: matmul / transpose / sum_axis.  temporaries are
 * gsl_matrix_alloc'ed and freed at the end of each block.
 */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A @ B, out must already have the right shape */
static void
matmul (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t i = 0; i < out->size1; i++)
    for (size_t j = 0; j < out->size2; j++)
      {
        double s = 0.0;
        for (size_t k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, k, j);
        gsl_matrix_set (out, i, j, s);
      }
}

static gsl_matrix *
transpose (const gsl_matrix *A)
{
  gsl_matrix *T = gsl_matrix_alloc (A->size2, A->size1);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (T, j, i, gsl_matrix_get (A, i, j));
  return T;
}

/* np.sum(A, axis=axis) written into out
 * axis 0: out[j] = sum_i A[i][j]     axis 1: out[i] = sum_j A[i][j] */
static void
sum_axis (const gsl_matrix *A, int axis, gsl_vector *out)
{
  for (size_t k = 0; k < out->size; k++)
    {
      double s = 0.0;
      if (axis == 0)
        for (size_t i = 0; i < A->size1; i++)
          s += gsl_matrix_get (A, i, k);
      else
        for (size_t j = 0; j < A->size2; j++)
          s += gsl_matrix_get (A, k, j);
      gsl_vector_set (out, k, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C, D = net->D;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* ---- softmax loss grad ---- */
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      {
        double p = gsl_matrix_get (cache->prob, i, c);
        if (c == y[i])
          p -= 1.0;
        gsl_matrix_set (g->dz2, i, c, p / N);
      }

  /* ---- layer 2 ---- */
  gsl_matrix *p1T = transpose (cache->p1);          /* (H, N) */
  matmul (p1T, g->dz2, g->dW2);
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
  gsl_matrix_free (p1T);

  /* db2 = np.sum(dscores, axis=1)  (sum over classes) */
  sum_axis (g->dz2, 1, g->db2);

  gsl_matrix *W2T = transpose (net->W2);            /* (C, H) */
  matmul (g->dz2, W2T, g->dp1);
  gsl_matrix_free (W2T);

  /* ---- relu ---- */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, i, h,
                      gsl_matrix_get (cache->z1, i, h) > 0
                      ? gsl_matrix_get (g->dp1, i, h) : 0.0);

  /* ---- layer 1 ---- */
  gsl_matrix *XT = transpose (X);                   /* (D, N) */
  matmul (XT, g->dz1, g->dW1);
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                      + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
  gsl_matrix_free (XT);

  sum_axis (g->dz1, 0, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
