/* Mahmoud Saeed, sec 4
 * backward pass -- loops, a helper for the bias sums.
 * delta3 = output error, delta2 = hidden error (as in the notes) */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
bias_backward (const gsl_matrix *delta, gsl_vector *db)
{
  size_t i, j;
  gsl_vector_set_zero (db);
  for (i = 0; i < delta->size1; i++)
    for (j = 0; j < delta->size2; j++)
      *gsl_vector_ptr (db, j) += gsl_matrix_get (delta, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *delta3 = g->dz2, *delta2 = g->dz1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (delta3, i, k, (gsl_matrix_get (cache->prob, i, k)
                                     - (y[i] == k)) / (double) N);

  /* output layer gradients */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (delta3, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }
  bias_backward (delta3, g->db2);

  /* propagate to the hidden layer */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (delta3, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
        gsl_matrix_set (delta2, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? s : 0);
      }

  /* hidden layer gradients */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (delta2, i, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }
  bias_backward (g->dp1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
