/* Assignment 2, part 3: backward pass of the two layer net.
 * Everything done with plain loops and gsl_matrix_get/set, following the
 * CS231n notes on backprop (staged computation, one gate at a time). */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dL/dscores = (probs - 1[y]) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double d = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          d -= 1.0;
        gsl_matrix_set (g->dz2, i, j, d / N);
      }

  /* dW2 = hidden^T dscores + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* db2 = sum over the batch */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* dhidden = dscores W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* relu gate: pass the gradient where the input was positive */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double v = 0.0;
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          v = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, v);
      }

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }

  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
