/* backward.c -- my backward pass, with small helpers so that the main
 * function reads like the equations in the lecture notes.
 *
 *   dz2 = (P - Y) / N        dW2 = p1' dz2 + 2 reg W2     db2 = sum_rows dz2
 *   dp1 = dz2 W2'            dz1 = dp1 .* (z1 > 0)
 *   dW1 = X' dz1 + 2 reg W1  db1 = sum_rows dz1
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A' B,   A (K, M), B (K, P), out (M, P) */
static void
mul_At_B (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t k, m, p;
  gsl_matrix_set_zero (out);
  for (k = 0; k < A->size1; k++)
    for (m = 0; m < A->size2; m++)
      {
        double a = gsl_matrix_get (A, k, m);
        for (p = 0; p < B->size2; p++)
          *gsl_matrix_ptr (out, m, p) += a * gsl_matrix_get (B, k, p);
      }
}

/* out = A B',   A (M, K), B (P, K), out (M, P) */
static void
mul_A_Bt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t m, p, k;
  for (m = 0; m < A->size1; m++)
    for (p = 0; p < B->size1; p++)
      {
        double s = 0.0;
        for (k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, m, k) * gsl_matrix_get (B, p, k);
        gsl_matrix_set (out, m, p, s);
      }
}

/* out[j] = sum_i A[i][j] */
static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      *gsl_vector_ptr (out, j) += gsl_matrix_get (A, i, j);
}

/* dW += 2 reg W   (gradient of reg * sum W^2) */
static void
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2: P/N, then take 1/N off at the true class */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, 1.0 / N);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0 / N;

  mul_At_B (cache->p1, g->dz2, g->dW2);
  add_l2 (g->dW2, net->W2, reg);
  sum_rows (g->dz2, g->db2);

  mul_A_Bt (g->dz2, net->W2, g->dp1);

  /* relu backward, in place: copy dp1, then kill the inactive units */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  mul_At_B (X, g->dz1, g->dW1);
  add_l2 (g->dW1, net->W1, reg);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
