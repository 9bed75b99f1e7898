/*****************************************************************
 * backward.c
 * Yuki N.  --  bootcamp C track, backprop exercise
 *
 * This computes all 7 gradients for the network
 *    z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2
 * with the softmax loss and L2 regularization reg*(|W1|^2+|W2|^2).
 *
 * Changelog:
 *   v1  everything in main(), moved to backward() for gradcheck
 *   v2  fixed dz2 (forgot to divide by N)
 *   v3  REG_FACTOR macro so I can change it in one place
 *****************************************************************/

#include <stdio.h>
#include "backprop.h"

#define REG_FACTOR 2.0   /* derivative of reg * w^2 is 2 * reg * w */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N, D, H, C;
  size_t n, d, h, c;
  double sum;
  double temp;

  N = X->size1;
  D = net->D;
  H = net->H;
  C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* ===== output layer ===== */

  /* dz2 = softmax - onehot, then / N (v2 fix) */
  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        {
          temp = gsl_matrix_get (cache->prob, n, c);
          if (c == y[n])
            temp = temp - 1.0;
          gsl_matrix_set (g->dz2, n, c, temp / N);
        }
    }

  /* dW2 = p1^T dz2 + REG_FACTOR * reg * W2 */
  for (h = 0; h < H; h++)
    {
      for (c = 0; c < C; c++)
        {
          sum = 0.0;
          for (n = 0; n < N; n++)
            sum += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
          sum = sum + REG_FACTOR * reg * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dW2, h, c, sum);
        }
    }

  /* db2 = sum of dz2 over n */
  for (c = 0; c < C; c++)
    {
      sum = 0.0;
      for (n = 0; n < N; n++)
        sum += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, sum);
    }

  /* ===== hidden layer ===== */

  /* dp1 = dz2 W2^T */
  for (n = 0; n < N; n++)
    {
      for (h = 0; h < H; h++)
        {
          sum = 0.0;
          for (c = 0; c < C; c++)
            sum += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, n, h, sum);
        }
    }

  /* dz1 = dp1 * (z1 > 0) */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        temp = 0.0;
        if (gsl_matrix_get (cache->z1, n, h) > 0.0)
          temp = gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dz1, n, h, temp);
      }

  /* dW1 = X^T dz1 + REG_FACTOR * reg * W1 */
  for (d = 0; d < D; d++)
    {
      sum = 0.0;
      for (h = 0; h < H; h++)
        {
          for (n = 0; n < N; n++)
            sum += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
          /* printf ("dW1 %zu %zu sum=%f\n", d, h, sum); */
          temp = sum + REG_FACTOR * reg * gsl_matrix_get (net->W1, d, h);
          gsl_matrix_set (g->dW1, d, h, temp);
        }
    }

  /* db1 = sum of dz1 over n */
  for (h = 0; h < H; h++)
    {
      sum = 0.0;
      for (n = 0; n < N; n++)
        sum += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
