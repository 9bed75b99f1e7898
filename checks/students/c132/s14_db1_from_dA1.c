/* backward.c -- Homework 4
 * Kevin O'B.
 *
 * Biases: the gradient of a bias is the sum over the batch of the
 * gradient coming into its layer.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* output layer: dZ2 = (A2 - Y) / N, and db2 at the same time */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (k = 0; k < net->C; k++)
      {
        double dz = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          dz -= 1.0;
        dz /= N;
        gsl_matrix_set (g->dz2, i, k, dz);
        gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + dz);
      }

  /* dW2 = A1^T dZ2 + 2 reg W2 */
  for (j = 0; j < net->H; j++)
    for (k = 0; k < net->C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        s += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }

  /* hidden layer: dA1 = dZ2 W2^T, and dZ1 through the relu.
   * db1 is summed along the way. */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double da = 0.0;
        for (k = 0; k < net->C; k++)
          da += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, da);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? da : 0.0);
        gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + da);
      }

  /* dW1 = X^T dZ1 + 2 reg W1 */
  for (k = 0; k < net->D; k++)
    for (j = 0; j < net->H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        s += 2.0 * reg * gsl_matrix_get (net->W1, k, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
