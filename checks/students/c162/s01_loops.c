/* backward.c -- Neural Networks Lab, Assignment 4
 * Backward pass of the two layer net (affine - relu - affine - softmax)
 * Roll No: 21BEC0417
 *
 * Everything is done with gsl_matrix_get / gsl_matrix_set loops as shown
 * in the lab session. */

#include "backprop.h"

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

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dL/dz2 = (softmax(z2) - onehot(y)) / N */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        {
          double p = gsl_matrix_get (cache->prob, i, j);
          if (j == y[i])
            p = p - 1.0;
          gsl_matrix_set (g->dz2, i, j, p / N);
        }
    }

  /* 2. dW2 = p1^T * dz2 + 2*reg*W2   (H x C) */
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

  /* 3. db2 = sum of dz2 over the samples */
  for (j = 0; j < C; j++)
    {
      sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, sum);
    }

  /* 4. dp1 = dz2 * W2^T   (N x H) */
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

  /* 5. relu backward: gradient passes only where z1 > 0 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          if (gsl_matrix_get (cache->z1, i, j) > 0)
            gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
          else
            gsl_matrix_set (g->dz1, i, j, 0.0);
        }
    }

  /* 6. dW1 = X^T * dz1 + 2*reg*W1   (D x H) */
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

  /* 7. db1 = column sum of dz1 */
  for (j = 0; j < H; j++)
    {
      sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
