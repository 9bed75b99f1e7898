/*
 * backward.c
 *
 * Backward pass for the 2-layer net (affine - relu - affine - softmax).
 *
 * I wrote my own matmul() first because I could not remember the order of
 * the dgemm arguments; it is kept as a wrapper so the maths reads like the
 * numpy:  matmul(A, B, out)  ==  out = A @ B.  Transposes are explicit
 * copies (gsl_matrix_transpose_memcpy) so that every call is a plain A @ B.
 *
 * Scratch space is one malloc'd block carved up with gsl_matrix_view_array.
 */

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = a @ b */
static void
matmul (const gsl_matrix *a, const gsl_matrix *b, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, a, b, 0.0, out);
}

/* probabilities from the scores by log-sum-exp:  p = exp(s - lse(s)) */
static void
probs_from_scores (const gsl_matrix *s, gsl_matrix *p)
{
  for (size_t i = 0; i < s->size1; i++)
    {
      double mx = gsl_matrix_get (s, i, 0);
      for (size_t j = 1; j < s->size2; j++)
        if (gsl_matrix_get (s, i, j) > mx)
          mx = gsl_matrix_get (s, i, j);
      double acc = 0.0;
      for (size_t j = 0; j < s->size2; j++)
        acc += exp (gsl_matrix_get (s, i, j) - mx);
      double lse = mx + log (acc);
      for (size_t j = 0; j < s->size2; j++)
        gsl_matrix_set (p, i, j, exp (gsl_matrix_get (s, i, j) - lse));
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  double *scratch = malloc ((N * C + H * N + C * H + D * N + N * H)
                            * sizeof (double));
  if (!scratch)
    return 1;
  double *at = scratch;
  gsl_matrix_view P = gsl_matrix_view_array (at, N, C);      at += N * C;
  gsl_matrix_view p1T = gsl_matrix_view_array (at, H, N);    at += H * N;
  gsl_matrix_view W2T = gsl_matrix_view_array (at, C, H);    at += C * H;
  gsl_matrix_view XT = gsl_matrix_view_array (at, D, N);     at += D * N;
  gsl_matrix_view M = gsl_matrix_view_array (at, N, H);

  /* dz2 = (P - Y) / N  with P recomputed from the scores */
  probs_from_scores (cache->z2, &P.matrix);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (&P.matrix, i, y[i], gsl_matrix_get (&P.matrix, i, y[i]) - 1.0);
  gsl_matrix_memcpy (g->dz2, &P.matrix);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T @ dz2  + 2 reg W2 */
  gsl_matrix_transpose_memcpy (&p1T.matrix, cache->p1);
  matmul (&p1T.matrix, g->dz2, g->dW2);
  for (size_t i = 0; i < H; i++)
    for (size_t j = 0; j < C; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W2, i, j));

  /* db2 = column sums of dz2 */
  for (size_t j = 0; j < C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, j);
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* dp1 = dz2 @ W2^T */
  gsl_matrix_transpose_memcpy (&W2T.matrix, net->W2);
  matmul (g->dz2, &W2T.matrix, g->dp1);

  /* dz1 = dp1 * M,  M = (z1 > 0) */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (&M.matrix, i, j, gsl_matrix_get (cache->z1, i, j) > 0);
  gsl_matrix_memcpy (g->dz1, &M.matrix);
  gsl_matrix_mul_elements (g->dz1, g->dp1);

  /* dW1 = X^T @ dz1 + 2 reg W1 */
  gsl_matrix_transpose_memcpy (&XT.matrix, X);
  matmul (&XT.matrix, g->dz1, g->dW1);
  for (size_t i = 0; i < D; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W1, i, j));

  /* db1 = column sums of dz1 */
  for (size_t j = 0; j < H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  free (scratch);
  g->present = BP_GRADS_ALL;
  return 0;
}
