/* Backward pass, lab 4
 * Mia (A) and Noah (B)
 * We go sample by sample like in the lecture slides.
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
  size_t i, d, h, c;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* reg parts first, then every sample adds its bit */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_view dscores = gsl_matrix_row (g->dz2, i);
      gsl_vector_const_view probs = gsl_matrix_const_row (cache->prob, i);

      /* dscores for this sample */
      gsl_vector_memcpy (&dscores.vector, &probs.vector);
      gsl_vector_set (&dscores.vector, y[i], gsl_vector_get (&dscores.vector, y[i]) - 1.0);
      gsl_vector_scale (&dscores.vector, 1.0 / N);

      /* dW2 += h_i^T ds_i, db2 += ds_i */
      for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
          gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                          + gsl_matrix_get (cache->p1, i, h) * gsl_vector_get (&dscores.vector, c));
      gsl_vector_add (g->db2, &dscores.vector);

      /* dhidden row i, then relu */
      for (h = 0; h < H; h++)
        {
          double s = 0.0;
          for (c = 0; c < C; c++)
            s += gsl_vector_get (&dscores.vector, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, i, h, s);
          // B: mask with z1 not p1? A: same thing here, p1 > 0 iff z1 > 0
          gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (cache->z1, i, h) > 0 ? s : 0.0);
        }

      /* dW1 += x_i^T dz1_i, db1 += dz1_i */
      for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
          gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                          + gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h));
      for (h = 0; h < H; h++)
        gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + gsl_matrix_get (g->dz1, i, h));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
