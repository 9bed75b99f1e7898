/* backward.c -- HW3, backward pass of the two-layer net
 *
 * I keep one sample per COLUMN (like in the matlab course), so everything
 * is transposed at the start and the answers are transposed back into g
 * at the very end.  Plain loops, no BLAS.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* B = A' (B must be A->size2 x A->size1) */
static void
transpose_into (gsl_matrix *B, const gsl_matrix *A)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_matrix_set (B, j, i, gsl_matrix_get (A, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix *Xt = gsl_matrix_alloc (D, N);
  gsl_matrix *p1t = gsl_matrix_alloc (H, N);
  gsl_matrix *z1t = gsl_matrix_alloc (H, N);
  gsl_matrix *dz2t = gsl_matrix_alloc (C, N);
  gsl_matrix *dp1t = gsl_matrix_alloc (H, N);
  gsl_matrix *dz1t = gsl_matrix_alloc (H, N);
  gsl_matrix *dW2t = gsl_matrix_alloc (C, H);
  gsl_matrix *dW1t = gsl_matrix_alloc (H, D);

  transpose_into (Xt, X);
  transpose_into (p1t, cache->p1);
  transpose_into (z1t, cache->z1);
  transpose_into (dz2t, cache->prob);   /* start from the probabilities */

  /* dz2 = (P - Y) / N, Y one-hot; column i is sample i */
  for (i = 0; i < N; i++)
    gsl_matrix_set (dz2t, y[i], i, gsl_matrix_get (dz2t, y[i], i) - 1.0);
  gsl_matrix_scale (dz2t, 1.0 / (double) N);

  /* dW2' = dz2' p1 + 2 reg W2'   (C x H) */
  for (k = 0; k < C; k++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (dz2t, k, i) * gsl_matrix_get (p1t, j, i);
        gsl_matrix_set (dW2t, k, j,
                        s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* db2: add up the columns (= samples) */
  for (k = 0; k < C; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dz2t, k, i);
      gsl_vector_set (g->db2, k, s);
    }

  /* dp1' = W2 dz2'   (H x N) */
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      {
        s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (net->W2, j, k) * gsl_matrix_get (dz2t, k, i);
        gsl_matrix_set (dp1t, j, i, s);
      }

  /* relu: only where z1 > 0 */
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      gsl_matrix_set (dz1t, j, i, gsl_matrix_get (z1t, j, i) > 0.0
                      ? gsl_matrix_get (dp1t, j, i) : 0.0);

  /* dW1' = dz1' X + 2 reg W1'   (H x D) */
  for (j = 0; j < H; j++)
    for (k = 0; k < D; k++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (dz1t, j, i) * gsl_matrix_get (Xt, k, i);
        gsl_matrix_set (dW1t, j, k,
                        s + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }

  for (j = 0; j < H; j++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dz1t, j, i);
      gsl_vector_set (g->db1, j, s);
    }

  /* back to one sample per row */
  transpose_into (g->dz2, dz2t);
  transpose_into (g->dW2, dW2t);
  transpose_into (g->dp1, dp1t);
  transpose_into (g->dz1, dz1t);
  transpose_into (g->dW1, dW1t);

  gsl_matrix_free (Xt);
  gsl_matrix_free (p1t);
  gsl_matrix_free (z1t);
  gsl_matrix_free (dz2t);
  gsl_matrix_free (dp1t);
  gsl_matrix_free (dz1t);
  gsl_matrix_free (dW2t);
  gsl_matrix_free (dW1t);

  g->present = BP_GRADS_ALL;
  return 0;
}
