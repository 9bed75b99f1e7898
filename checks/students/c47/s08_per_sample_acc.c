/* backward.c -- per-sample accumulation.
 *
 * Someone on the forum explained backprop as "do one example at a time,
 * add up the contributions, that's all the matrix formula does", so
 * that is what I did: zero the gradients, then loop over the samples
 * and add each sample's share.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;

  if (N == 0)
    return 1;

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      /* this sample's score gradient */
      for (c = 0; c < C; c++)
        {
          double t = (c == y[n]) ? 1.0 : 0.0;
          gsl_matrix_set (g->dz2, n, c, (gsl_matrix_get (cache->prob, n, c) - t) / N);
        }

      /* its share of dW2 and db2 */
      for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
          gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                          + gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c)
                          + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
      for (c = 0; c < C; c++)
        gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + gsl_matrix_get (g->dz2, n, c));

      /* back to the hidden layer */
      for (h = 0; h < H; h++)
        {
          double s = 0.0;
          for (c = 0; c < C; c++)
            s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, n, h, s);
          gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0.0 ? s : 0.0);
        }

      /* its share of dW1 and db1 */
      for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
          gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                          + gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h));
      for (h = 0; h < H; h++)
        gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + gsl_matrix_get (g->dz1, n, h));
    }

  /* + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h) + 2.0 * reg * gsl_matrix_get (net->W1, d, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
