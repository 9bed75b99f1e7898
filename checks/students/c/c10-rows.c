/* Backward pass.  I don't trust cache->prob (what if the forward pass
 * changed?), so the softmax is recomputed from the scores z2, row by row,
 * with the max subtracted first. */

#include <math.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_row (const gsl_vector *scores, gsl_vector *out)
{
  double m = gsl_vector_max (scores), total = 0.0;
  for (size_t c = 0; c < scores->size; c++)
    {
      double e = exp (gsl_vector_get (scores, c) - m);
      gsl_vector_set (out, c, e);
      total += e;
    }
  gsl_vector_scale (out, 1.0 / total);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2, one row at a time */
  for (size_t row = 0; row < N; row++)
    {
      gsl_vector_const_view s = gsl_matrix_const_row (cache->z2, row);
      gsl_vector_view d = gsl_matrix_row (g->dz2, row);
      softmax_row (&s.vector, &d.vector);
      gsl_vector_set (&d.vector, y[row], gsl_vector_get (&d.vector, y[row]) - 1.0);
      gsl_vector_scale (&d.vector, 1.0 / (double) N);
    }

  /* dW2 and db2: sum of outer products p1[row] dz2[row]' */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  for (size_t row = 0; row < N; row++)
    {
      gsl_vector_const_view a = gsl_matrix_const_row (cache->p1, row);
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, row);
      for (size_t u = 0; u < H; u++)
        for (size_t c = 0; c < C; c++)
          *gsl_matrix_ptr (g->dW2, u, c) +=
            gsl_vector_get (&a.vector, u) * gsl_vector_get (&d.vector, c);
      gsl_vector_add (g->db2, &d.vector);
    }

  /* dp1[row] = W2 dz2[row] */
  for (size_t row = 0; row < N; row++)
    {
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, row);
      gsl_vector_view out = gsl_matrix_row (g->dp1, row);
      for (size_t u = 0; u < H; u++)
        {
          gsl_vector_const_view w = gsl_matrix_const_row (net->W2, u);
          double dot = 0.0;
          for (size_t c = 0; c < C; c++)
            dot += gsl_vector_get (&w.vector, c) * gsl_vector_get (&d.vector, c);
          gsl_vector_set (&out.vector, u, dot);
        }
    }

  /* dz1 */
  for (size_t row = 0; row < N; row++)
    for (size_t u = 0; u < H; u++)
      gsl_matrix_set (g->dz1, row, u,
                      gsl_matrix_get (cache->z1, row, u) > 0.0
                      ? gsl_matrix_get (g->dp1, row, u) : 0.0);

  /* dW1 and db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db1);
  for (size_t row = 0; row < N; row++)
    {
      gsl_vector_const_view x = gsl_matrix_const_row (X, row);
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz1, row);
      for (size_t f = 0; f < X->size2; f++)
        for (size_t u = 0; u < H; u++)
          *gsl_matrix_ptr (g->dW1, f, u) +=
            gsl_vector_get (&x.vector, f) * gsl_vector_get (&d.vector, u);
      gsl_vector_add (g->db1, &d.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
