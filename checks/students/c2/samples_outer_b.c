/* per-sample backprop; accumulate into g */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, j, c, d;

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        gsl_matrix_set (g->dz2, n, c, (gsl_matrix_get (cache->prob, n, c)
                                       - (c == y[n])) / N);

      for (c = 0; c < C; c++)
        {
          double dc = gsl_matrix_get (g->dz2, n, c);
          for (j = 0; j < H; j++)
            gsl_matrix_set (g->dW2, j, c, gsl_matrix_get (g->dW2, j, c)
                            + gsl_matrix_get (cache->p1, n, j) * dc);
          gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + dc);
        }

      for (j = 0; j < H; j++)
        {
          double s = 0;
          for (c = 0; c < C; c++)
            s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, j, c);
          gsl_matrix_set (g->dp1, n, j, s);
          gsl_matrix_set (g->dz1, n, j, gsl_matrix_get (cache->z1, n, j) > 0 ? s : 0);
        }

      for (j = 0; j < H; j++)
        {
          double dj = gsl_matrix_get (g->dz1, n, j);
          for (d = 0; d < D; d++)
            gsl_matrix_set (g->dW1, d, j, gsl_matrix_get (g->dW1, d, j)
                            + gsl_matrix_get (X, n, d) * dj);
          gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + dj);
        }
    }

  for (j = 0; j < H; j++)
    {
      for (c = 0; c < C; c++)
        gsl_matrix_set (g->dW2, j, c, gsl_matrix_get (g->dW2, j, c)
                        + 2 * reg * gsl_matrix_get (net->W2, j, c));
      for (d = 0; d < D; d++)
        gsl_matrix_set (g->dW1, d, j, gsl_matrix_get (g->dW1, d, j)
                        + 2 * reg * gsl_matrix_get (net->W1, d, j));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
