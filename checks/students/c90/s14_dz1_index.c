/* backward.c -- CS/Math 4xx, homework 5
 *
 * Shapes: X (N,D), W1 (D,H), z1 = p1 = (N,H), W2 (H,C), z2 = P = (N,C).
 * Indices: i sample, d input, h hidden, c class.
 *
 * dL/dz2[i][c] = (P[i][c] - delta(c,y_i)) / N
 * dL/dW2[h][c] = sum_i p1[i][h] dL/dz2[i][c] + 2 reg W2[h][c]
 * dL/db2[c]    = sum_i dL/dz2[i][c]
 * dL/dp1[i][h] = sum_c dL/dz2[i][c] W2[h][c]
 * dL/dz1[i][h] = dL/dp1[i][h] * 1[z1[i][h] > 0]
 * dL/dW1[d][h] = sum_i X[i][d] dL/dz1[i][h] + 2 reg W1[d][h]
 * dL/db1[h]    = sum_i dL/dz1[i][h]
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out[a][b] = sum_i A[i][a] B[i][b] + lam W[a][b] */
static void
grad_weights (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
              double lam, gsl_matrix *out)
{
  size_t a, b, i;
  for (a = 0; a < out->size1; a++)
    for (b = 0; b < out->size2; b++)
      {
        double s = lam * gsl_matrix_get (W, a, b);
        for (i = 0; i < A->size1; i++)
          s += gsl_matrix_get (A, i, a) * gsl_matrix_get (B, i, b);
        gsl_matrix_set (out, a, b, s);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, d, h, c;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, i, c, (gsl_matrix_get (cache->prob, i, c)
                                     - (c == y[i] ? 1.0 : 0.0)) / (double) N);

  grad_weights (cache->p1, g->dz2, net->W2, 2.0 * reg, g->dW2);

  for (c = 0; c < C; c++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, s);
    }

  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, i, h, s);
        gsl_matrix_set (g->dz1, i, h,
                        gsl_matrix_get (cache->z1, i, h) > 0.0 ? s : 0.0);
      }

  /* dW1 written out (grad_weights would do, kept explicit while debugging) */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W1, d, h);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, d);
        gsl_matrix_set (g->dW1, d, h, s);
      }

  for (h = 0; h < H; h++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
