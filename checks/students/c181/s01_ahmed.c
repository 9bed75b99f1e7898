/* Assignment 3 -- backward pass of the two layer net
 * Ahmed Samir, section 2
 * following the lecture 7 notes: delta3 = dscores, delta2 = hidden error */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* sum every column of A over the rows -> out (the bias gradient) */
static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (out, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *delta3 = g->dz2;
  gsl_matrix *delta2 = g->dz1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* delta3 = (probs - 1 at the correct class) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double d = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          d -= 1.0;
        gsl_matrix_set (delta3, i, k, d / N);
      }

  /* dW2 = a1' delta3 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (delta3, i, k);
        gsl_matrix_set (g->dW2, j, k,
                        s + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* db2 */
  sum_rows (delta3, g->db2);

  /* back to the hidden layer: delta3 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (delta3, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* relu' is 1 where z1 > 0 and 0 otherwise */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (delta2, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (delta2, i, j, 0.0);
      }

  /* dW1 = X' delta2 + 2 reg W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < N; k++)
          s += gsl_matrix_get (X, k, i) * gsl_matrix_get (delta2, k, j);
        gsl_matrix_set (g->dW1, i, j,
                        s + 2 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /* db1 */
  sum_rows (delta2, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
