/* backward.c
 * Student: T. Okafor   hw3
 *
 * I wrote small helpers for the matrix products so the TODO blocks stay short.
 */

#include "backprop.h"

/* out = A^T * B   (A is n x a, B is n x b, out is a x b) */
static void
mul_at_b (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t r, c, t;
  gsl_matrix_set_zero (out);
  for (t = 0; t < A->size1; t++)
    for (r = 0; r < A->size2; r++)
      {
        double a = gsl_matrix_get (A, t, r);
        for (c = 0; c < B->size2; c++)
          gsl_matrix_set (out, r, c, gsl_matrix_get (out, r, c) + a * gsl_matrix_get (B, t, c));
      }
}

/* out = A * B^T   (A is n x a, B is m x a, out is n x m) */
static void
mul_a_bt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t r, c, t;
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < B->size1; c++)
      {
        double sum = 0;
        for (t = 0; t < A->size2; t++)
          sum += gsl_matrix_get (A, r, t) * gsl_matrix_get (B, c, t);
        gsl_matrix_set (out, r, c, sum);
      }
}

/* v = sum over rows of A */
static void
sum_rows (const gsl_matrix *A, gsl_vector *v)
{
  size_t r, c;
  for (c = 0; c < A->size2; c++)
    {
      double sum = 0;
      for (r = 0; r < A->size1; r++)
        sum += gsl_matrix_get (A, r, c);
      gsl_vector_set (v, c, sum);
    }
}

/* dW += 2 * reg * W */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix *tmp = gsl_matrix_alloc (W->size1, W->size2);
  gsl_matrix_memcpy (tmp, W);
  gsl_matrix_scale (tmp, 2 * reg);
  gsl_matrix_add (dW, tmp);
  gsl_matrix_free (tmp);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2, db2 */
  mul_at_b (cache->p1, g->dz2, g->dW2);
  add_reg (g->dW2, net->W2, reg);
  sum_rows (g->dz2, g->db2);

  /* dp1 */
  mul_a_bt (g->dz2, net->W2, g->dp1);

  /* dz1: relu passes the gradient where it was active (p1 > 0 same as z1 > 0) */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (!(gsl_matrix_get (cache->p1, i, j) > 0))
        gsl_matrix_set (g->dz1, i, j, 0);

  /* dW1, db1 */
  mul_at_b (X, g->dz1, g->dW1);
  add_reg (g->dW1, net->W1, reg);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
