/* backward.c -- your backward pass of the two-layer net, to be checked by
 * `gradcheck --backward ./backward.so`.
 *
 * Student: Megan Foster   HW5
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j, k;
  double sum;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 (N, C), the gradient of the loss with respect to the scores
   *    z2.  It needs cache->prob, the labels y, and N. */
  for (i = 0; i < N; i++)
    for (k = 0; k < net->C; k++)
      {
        double t = (k == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, k, (gsl_matrix_get (cache->prob, i, k) - t) / N);
      }

  /* 2. dW2 (H, C), the gradient with respect to W2.  It needs cache->p1,
   *    dz2, and for the reg term reg and net->W2. */
  for (j = 0; j < net->H; j++)
    for (k = 0; k < net->C; k++)
      {
        sum = 0;
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, sum + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. db2 (C), the gradient with respect to b2.  It needs dz2. */
  for (k = 0; k < net->C; k++)
    {
      sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, sum);
    }

  /* 4. dp1 (N, H), the gradient with respect to p1.  It needs dz2 and
   *    net->W2.  TODO */
  for (i = 0; i < N; i++)
    {
      sum = 0;
      for (j = 0; j < net->H; j++)
        {
          for (k = 0; k < net->C; k++)
            sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, sum);
        }
    }

  /* 5. dz1 (N, H), the gradient with respect to z1, through the ReLU. */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0);
      }

  /* 6. dW1 (D, H), the gradient with respect to W1.  It needs X, dz1,
   *    and for the reg term reg and net->W1. */
  for (k = 0; k < net->D; k++)
    for (j = 0; j < net->H; j++)
      {
        sum = 0;
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, sum + 2 * reg * gsl_matrix_get (net->W1, k, j));
      }

  /* 7. db1 (H), the gradient with respect to b1.  It needs dz1. */
  for (j = 0; j < net->H; j++)
    {
      sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  /* Tell gradcheck which gradients hold values: all seven. */
  g->present = BP_GRADS_ALL;
  return 0;
}
