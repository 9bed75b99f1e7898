/* backward pass in as few passes over the batch as I could manage */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* parameter gradients start from the penalty; biases from zero */
  for (size_t h = 0; h < H; h++)
    {
      for (size_t c = 0; c < C; c++)
        gsl_matrix_set (g->dW2, h, c, 2 * reg * gsl_matrix_get (net->W2, h, c));
      for (size_t d = 0; d < D; d++)
        gsl_matrix_set (g->dW1, d, h, 2 * reg * gsl_matrix_get (net->W1, d, h));
      gsl_vector_set (g->db1, h, 0);
    }
  gsl_vector_set_zero (g->db2);

  for (size_t i = 0; i < N; i++)
    {
      for (size_t c = 0; c < C; c++)
        {
          double d = gsl_matrix_get (cache->prob, i, c);
          if (c == y[i])
            d -= 1;
          d /= N;
          gsl_matrix_set (g->dz2, i, c, d);
          if (i < C)
            gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + d);
          for (size_t h = 0; h < H; h++)
            gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                            + gsl_matrix_get (cache->p1, i, h) * d);
        }
      for (size_t h = 0; h < H; h++)
        {
          double dp = 0;
          for (size_t c = 0; c < C; c++)
            dp += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, i, h, dp);
          double dz = gsl_matrix_get (cache->z1, i, h) > 0 ? dp : 0;
          gsl_matrix_set (g->dz1, i, h, dz);
          gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + dz);
          for (size_t d = 0; d < D; d++)
            gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                            + gsl_matrix_get (X, i, d) * dz);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
