/* backward.c -- assignment 2, part C
 *
 * Layer 2 in one loop over the samples, layer 1 in another.  Running sums
 * are in gsl vectors/matrices I allocate here and free at the end.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, h, c, d;
  gsl_matrix *accW2, *accW1;
  gsl_vector *accb2, *accb1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  accW2 = gsl_matrix_calloc (H, C);
  accb2 = gsl_vector_calloc (C);
  accW1 = gsl_matrix_calloc (D, H);
  accb1 = gsl_vector_calloc (H);

  for (i = 0; i < N; i++)
    {
      size_t yi = y[i];
      for (c = 0; c < C; c++)
        {
          double dz = gsl_matrix_get (cache->prob, i, c);
          if (c == yi)
            dz -= 1.0;
          dz /= N;
          gsl_matrix_set (g->dz2, i, c, dz);
          gsl_vector_set (accb2, c, gsl_vector_get (accb2, c) + dz);
          for (h = 0; h < H; h++)
            gsl_matrix_set (accW2, h, c, gsl_matrix_get (accW2, h, c)
                            + gsl_matrix_get (cache->p1, i, h) * dz);
        }
      for (h = 0; h < H; h++)
        {
          double tmp = 0.0;
          for (c = 0; c < C; c++)
            tmp += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, i, h, tmp);
        }
    }

  /* regularization gradient for W2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (accW2, h, c)
                      + reg * gsl_matrix_get (net->W2, h, c));
  gsl_vector_memcpy (g->db2, accb2);

  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      {
        double dz = 0.0;
        if (gsl_matrix_get (cache->z1, i, h) > 0.0)
          dz = gsl_matrix_get (g->dp1, i, h);
        gsl_matrix_set (g->dz1, i, h, dz);
        gsl_vector_set (accb1, h, gsl_vector_get (accb1, h) + dz);
        for (d = 0; d < D; d++)
          gsl_matrix_set (accW1, d, h, gsl_matrix_get (accW1, d, h)
                          + gsl_matrix_get (X, i, d) * dz);
      }

  /* regularization gradient for W1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (accW1, d, h)
                      + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
  gsl_vector_memcpy (g->db1, accb1);

  gsl_matrix_free (accW2);
  gsl_vector_free (accb2);
  gsl_matrix_free (accW1);
  gsl_vector_free (accb1);
  g->present = BP_GRADS_ALL;
  return 0;
}
