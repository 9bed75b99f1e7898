/* backward.c -- two-layer net, backward pass.
 * Assignment 3, part 2.  Plain loops, but every matrix is walked as few
 * times as I could manage: db2 is summed while dz2 is written, dp1 and
 * dz1 come out of the same loop nest, and db1 is summed while masking. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double invN = 1.0 / (double) N;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1+3. dz2 = (prob - onehot(y)) / N, and db2 = column sums of dz2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double d = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          d -= 1.0;
        d *= invN;
        gsl_matrix_set (g->dz2, i, j, d);
        gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j) + d);
      }

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }

  /* 4+5+7. dp1 = dz2 W2', dz1 = dp1 where z1 > 0, db1 = column sums of
   * dz1 -- all in one nest */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
        if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
          s = 0.0;              /* relu was off */
        gsl_matrix_set (g->dz1, i, j, s);
        gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + s);
      }

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
