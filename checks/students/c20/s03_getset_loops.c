/*
 * CSE 447 - Assignment 2
 * backward pass for 2 layer network
 * author: Daniel Okafor
 *
 * I wrote everything with gsl_matrix_get/gsl_matrix_set loops so I could
 * match it to my notes line by line.
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
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double sum;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* step 1: dL/dscores.  onehot as a separate term so the formula reads
   * prob/N - onehot/N */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        {
          double onehot = (j == y[i]) ? 1.0 : 0.0;
          gsl_matrix_set (g->dz2, i, j,
                          gsl_matrix_get (cache->prob, i, j) / N - onehot / N);
        }
    }

  /* step 2: dW2 = h^T dscores + 2*reg*W2 */
  for (i = 0; i < H; i++)
    {
      for (j = 0; j < C; j++)
        {
          sum = 0.0;
          for (k = 0; k < N; k++)
            sum += gsl_matrix_get (cache->p1, k, i) * gsl_matrix_get (g->dz2, k, j);
          gsl_matrix_set (g->dW2, i, j, sum + 2 * reg * gsl_matrix_get (net->W2, i, j));
        }
    }

  /* step 3: db2 */
  for (j = 0; j < C; j++)
    {
      sum = 0.0;
      for (k = 0; k < N; k++)
        sum += gsl_matrix_get (g->dz2, k, j);
      gsl_vector_set (g->db2, j, sum);
    }

  /* step 4: dh = dscores W2^T */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          sum = 0.0;
          for (k = 0; k < C; k++)
            sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, sum);
        }
    }

  /* step 5: relu.  p1 > 0 exactly when z1 > 0, so I use p1 (same thing) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->p1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0);
      }

  /* step 6: dW1 */
  for (i = 0; i < D; i++)
    {
      for (j = 0; j < H; j++)
        {
          sum = 0.0;
          for (k = 0; k < N; k++)
            sum += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
          gsl_matrix_set (g->dW1, i, j, sum + 2 * reg * gsl_matrix_get (net->W1, i, j));
        }
    }

  /* step 7: db1 */
  for (j = 0; j < H; j++)
    {
      sum = 0.0;
      for (k = 0; k < N; k++)
        sum += gsl_matrix_get (g->dz1, k, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
