/* Two layer net - backward
 * Lab 6
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t row, col, t;
  double total;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* gradient of softmax loss: prob - 1 at the right class */
  for (row = 0; row < N; row++)
    {
      for (col = 0; col < net->C; col++)
        {
          double pr = gsl_matrix_get (cache->prob, row, col);
          if (col == y[row])
            pr -= 1.0;
          gsl_matrix_set (g->dz2, row, col, pr);
        }
    }

  /* dW2 */
  for (row = 0; row < net->H; row++)
    {
      for (col = 0; col < net->C; col++)
        {
          total = 0.0;
          for (t = 0; t < N; t++)
            total += gsl_matrix_get (cache->p1, t, row) * gsl_matrix_get (g->dz2, t, col);
          total += 2 * reg * gsl_matrix_get (net->W2, row, col);
          gsl_matrix_set (g->dW2, row, col, total);
        }
    }

  /* db2 */
  for (col = 0; col < net->C; col++)
    {
      total = 0.0;
      for (t = 0; t < N; t++)
        total += gsl_matrix_get (g->dz2, t, col);
      gsl_vector_set (g->db2, col, total);
    }

  /* dp1 = dz2 . W2^T */
  for (row = 0; row < N; row++)
    {
      for (col = 0; col < net->H; col++)
        {
          total = 0.0;
          for (t = 0; t < net->C; t++)
            total += gsl_matrix_get (g->dz2, row, t) * gsl_matrix_get (net->W2, col, t);
          gsl_matrix_set (g->dp1, row, col, total);
        }
    }

  /* dz1 -- relu */
  for (row = 0; row < N; row++)
    {
      for (col = 0; col < net->H; col++)
        {
          if (gsl_matrix_get (cache->z1, row, col) > 0)
            gsl_matrix_set (g->dz1, row, col, gsl_matrix_get (g->dp1, row, col));
          else
            gsl_matrix_set (g->dz1, row, col, 0);
        }
    }

  /* dW1 */
  for (row = 0; row < net->D; row++)
    {
      for (col = 0; col < net->H; col++)
        {
          total = 0.0;
          for (t = 0; t < N; t++)
            total += gsl_matrix_get (X, t, row) * gsl_matrix_get (g->dz1, t, col);
          total += 2 * reg * gsl_matrix_get (net->W1, row, col);
          gsl_matrix_set (g->dW1, row, col, total);
        }
    }

  /* db1 */
  for (col = 0; col < net->H; col++)
    {
      total = 0.0;
      for (t = 0; t < N; t++)
        total += gsl_matrix_get (g->dz1, t, col);
      gsl_vector_set (g->db1, col, total);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
