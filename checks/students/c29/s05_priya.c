/* ECE 449 - HW 2 - backward pass
 * Priya S.
 *
 * per-example backprop.  For example i:
 *   dz2_i = (p_i - onehot(y_i)) / N
 *   dW2  += p1_i^T dz2_i        db2 += dz2_i
 *   dp1_i = dz2_i W2^T
 *   dz1_i = dp1_i .* (z1_i > 0)
 *   dW1  += x_i^T dz1_i         db1 += dz1_i
 * then add the L2 terms.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, d;

  gsl_matrix_set_zero (g->dW1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (i = 0; i < N; i++)
    {
      /* dz2 row */
      for (k = 0; k < C; k++)
        {
          double d2 = gsl_matrix_get (cache->prob, i, k) / N;
          if (k == y[i])
            d2 -= 1.0;          /* minus the one-hot */
          gsl_matrix_set (g->dz2, i, k, d2);
        }

      /* second layer */
      for (k = 0; k < C; k++)
        {
          double d2 = gsl_matrix_get (g->dz2, i, k);
          gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + d2);
          for (j = 0; j < H; j++)
            gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                            + gsl_matrix_get (cache->p1, i, j) * d2);
        }

      /* hidden */
      for (j = 0; j < H; j++)
        {
          double dp = 0.0;
          for (k = 0; k < C; k++)
            dp += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, dp);
          if (gsl_matrix_get (cache->z1, i, j) > 0)
            gsl_matrix_set (g->dz1, i, j, dp);
          else
            gsl_matrix_set (g->dz1, i, j, 0.0);
        }

      /* first layer */
      for (j = 0; j < H; j++)
        {
          double d1 = gsl_matrix_get (g->dz1, i, j);
          gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + d1);
          for (d = 0; d < D; d++)
            gsl_matrix_set (g->dW1, d, j, gsl_matrix_get (g->dW1, d, j)
                            + gsl_matrix_get (X, i, d) * d1);
        }
    }

  /* L2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                      + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, d, j, gsl_matrix_get (g->dW1, d, j)
                      + 2.0 * reg * gsl_matrix_get (net->W1, d, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
