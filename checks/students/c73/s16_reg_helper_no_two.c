/* Two layer network -- backward pass (Assignment 2)
 *
 * I wrote small functions for the pieces that appear twice (once for each
 * layer) so that I do not have to write the loops twice. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* result = A^T B   (A is n x a, B is n x b, result is a x b) */
static void
transpose_times (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *result)
{
  size_t i, j, n;
  for (i = 0; i < A->size2; i++)
    for (j = 0; j < B->size2; j++)
      {
        double s = 0.0;
        for (n = 0; n < A->size1; n++)
          s += gsl_matrix_get (A, n, i) * gsl_matrix_get (B, n, j);
        gsl_matrix_set (result, i, j, s);
      }
}

/* gradient of the penalty reg * sum W^2, added to the data gradient dW.
 * (the slides write the penalty as 0.5 * reg * W^2, derivative reg * W) */
static void
add_regularisation_gradient (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + reg * gsl_matrix_get (W, i, j));
}

/* bias gradient: add up the rows of dZ */
static void
sum_of_rows (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i, j;
  gsl_vector_set_zero (db);
  for (i = 0; i < dZ->size1; i++)
    for (j = 0; j < dZ->size2; j++)
      gsl_vector_set (db, j, gsl_vector_get (db, j) + gsl_matrix_get (dZ, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (prob - onehot) / N */
  gsl_matrix *prob_minus_onehot = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (prob_minus_onehot, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (prob_minus_onehot, i, y[i], gsl_matrix_get (prob_minus_onehot, i, y[i]) - 1.0);
  gsl_matrix_scale (prob_minus_onehot, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, prob_minus_onehot);
  gsl_matrix_free (prob_minus_onehot);

  /* layer 2 */
  transpose_times (cache->p1, g->dz2, g->dW2);
  add_regularisation_gradient (g->dW2, net->W2, reg);
  sum_of_rows (g->dz2, g->db2);

  /* dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* dz1 = dp1 where the relu was active (z1 > 0) */
  gsl_matrix *relu_active = gsl_matrix_alloc (N, H);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (relu_active, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, relu_active);
  gsl_matrix_free (relu_active);

  /* layer 1 */
  transpose_times (X, g->dz1, g->dW1);
  add_regularisation_gradient (g->dW1, net->W1, reg);
  sum_of_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
