/*
 * Backward pass written with loops only (no BLAS), to see every index.
 * Convention from the course: the OUTER loop runs over columns, since
 * that is how we traverse matrices in Fortran/Matlab.
 *
 * Author: group 4
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* R = A^T B + alpha M ;  A (K,m), B (K,n), M and R (m,n) */
static void
atb_plus (const gsl_matrix *A, const gsl_matrix *B, double alpha,
          const gsl_matrix *M, gsl_matrix *R)
{
  size_t r, c, k;
  for (c = 0; c < R->size2; c++)
    for (r = 0; r < R->size1; r++)
      {
        double s = alpha * gsl_matrix_get (M, r, c);
        for (k = 0; k < A->size1; k++)
          s += gsl_matrix_get (A, k, r) * gsl_matrix_get (B, k, c);
        gsl_matrix_set (R, r, c, s);
      }
}

/* s = sum over the rows of A, i.e. 1^T A */
static void
sum_rows (const gsl_matrix *A, gsl_vector *s)
{
  size_t r, c;
  for (c = 0; c < A->size2; c++)
    {
      double t = 0.0;
      for (r = 0; r < A->size1; r++)
        t += gsl_matrix_get (A, r, c);
      gsl_vector_set (s, c, t);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2(i,k) = (p(i,k) - [y_i == k]) / N */
  for (k = 0; k < C; k++)
    for (i = 0; i < N; i++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k)
                       - (y[i] == k ? 1.0 : 0.0)) / (double) N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  atb_plus (cache->p1, g->dz2, 2.0 * reg, net->W2, g->dW2);
  sum_rows (g->dz2, g->db2);

  /* dp1(i,j) = sum_k dz2(i,k) W2(j,k) */
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* dz1 = dp1 where the unit was active (p1 > 0 <=> z1 > 0) */
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      {
        if (gsl_matrix_get (cache->p1, i, j) > 0.0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* dW1 = X^T dz1 + 2 reg W1 */
  atb_plus (X, g->dz1, 2.0 * reg, net->W1, g->dW1);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
