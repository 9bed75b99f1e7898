/* backward.c -- hw 4
 *
 * Sample by sample, like the chain rule on the board: every sample i adds
 * its own outer product to the weight gradients.  Accumulators come from
 * gsl_matrix_calloc so they start at zero.
 */

#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, d, h, c;
  gsl_matrix *accW1, *accW2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  accW1 = gsl_matrix_calloc (D, H);
  accW2 = gsl_matrix_calloc (H, C);
  if (accW1 == NULL || accW2 == NULL)
    {
      gsl_matrix_free (accW1);
      gsl_matrix_free (accW2);
      return 1;
    }
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (i = 0; i < N; i++)
    {
      /* output layer, sample i */
      for (c = 0; c < C; c++)
        {
          double dz = gsl_matrix_get (cache->prob, i, c);
          if (c == y[i])
            dz -= 1.0;
          dz /= (double) N;
          gsl_matrix_set (g->dz2, i, c, dz);
          gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + dz);
          for (h = 0; h < H; h++)
            gsl_matrix_set (accW2, h, c, gsl_matrix_get (accW2, h, c)
                            + gsl_matrix_get (cache->p1, i, h) * dz);
        }

      /* hidden layer, sample i */
      for (h = 0; h < H; h++)
        {
          double dp = 0.0, dz;
          for (c = 0; c < C; c++)
            dp += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, i, h, dp);
          dz = gsl_matrix_get (cache->z1, i, h) > 0.0 ? dp : 0.0;
          gsl_matrix_set (g->dz1, i, h, dz);
          gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + dz);
          for (d = 0; d < D; d++)
            gsl_matrix_set (accW1, d, h, gsl_matrix_get (accW1, d, h)
                            + gsl_matrix_get (X, i, d) * dz
                            + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
        }
    }

  /* regulariser for W2, once */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (accW2, h, c, gsl_matrix_get (accW2, h, c)
                      + 2.0 * reg * gsl_matrix_get (net->W2, h, c));

  gsl_matrix_memcpy (g->dW1, accW1);
  gsl_matrix_memcpy (g->dW2, accW2);
  gsl_matrix_free (accW1);
  gsl_matrix_free (accW2);

  g->present = BP_GRADS_ALL;
  return 0;
}
