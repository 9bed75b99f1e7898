/* backward.c -- Julien Moreau -- HW3
 *
 * Accumulate everything sample by sample (one row of X at a time), like
 * the "for each example" derivation from lecture 6.  The parameter
 * gradients are zeroed first and then summed into.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* zero the accumulators */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db2);

  for (size_t n = 0; n < N; n++)
    {
      /* output layer, sample n */
      for (size_t k = 0; k < C; k++)
        {
          double d = gsl_matrix_get (cache->prob, n, k);
          if (k == y[n])
            d -= 1.0;
          d /= (double) N;
          gsl_matrix_set (g->dz2, n, k, d);
          gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + d);
          for (size_t j = 0; j < H; j++)
            gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                            + gsl_matrix_get (cache->p1, n, j) * d);
        }

      /* hidden layer, sample n */
      for (size_t j = 0; j < H; j++)
        {
          double dp = 0.0;
          for (size_t k = 0; k < C; k++)
            dp += gsl_matrix_get (g->dz2, n, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, n, j, dp);

          double dz = gsl_matrix_get (cache->z1, n, j) > 0.0 ? dp : 0.0;
          gsl_matrix_set (g->dz1, n, j, dz);
          gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + dz);
          for (size_t i = 0; i < D; i++)
            gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                            + gsl_matrix_get (X, n, i) * dz);
        }
    }

  /* regularisation, once, after the sum */
  for (size_t j = 0; j < H; j++)
    for (size_t k = 0; k < C; k++)
      gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                      + 2 * reg * gsl_matrix_get (net->W2, j, k));
  for (size_t i = 0; i < D; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2 * reg * gsl_matrix_get (net->W1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
