/* HW3 backprop (two-layer net, relu hidden layer, softmax output) */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* delta2 = (p - y) / N */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (cache->prob, i, k) / N);
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0 / N);
    }

  /* output layer weights and bias */
  gsl_vector_set_zero (g->db2);
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double sum = 0;
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, sum + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + gsl_matrix_get (g->dz2, i, k));

  /* hidden layer: dp1 = delta2 W2^T, grad_b1 summed on the way */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double sum = 0;
        for (k = 0; k < C; k++)
          sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, sum);
        gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + sum);
      }

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double v = gsl_matrix_get (g->dp1, i, j);
        if (gsl_matrix_get (cache->z1, i, j) <= 0)
          v = 0;
        gsl_matrix_set (g->dz1, i, j, v);
      }

  /* grad_W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double sum = 0;
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, sum + 2 * reg * gsl_matrix_get (net->W1, k, j));
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
