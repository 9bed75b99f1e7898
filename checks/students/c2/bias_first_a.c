/* I do the biases first (they are just sums), then the weights. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (cache->prob, i, k) / N);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0 / N);

  /* db2 */
  for (k = 0; k < C; k++)
    {
      double b = 0;
      for (i = 0; i < N; i++)
        b += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, b);
    }

  /* dp1 and dz1, so that db1 can come next */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double a = 0;
        for (k = 0; k < C; k++)
          a += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, a);
      }
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double b = 0;
      for (i = 0; i < N; i++)
        b += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, b);
    }

  /* now the weights */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double w = 0;
        for (i = 0; i < N; i++)
          w += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, w + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double w = 0;
        for (k = 0; k < N; k++)
          w += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, w + 2 * reg * gsl_matrix_get (net->W1, i, j));
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
