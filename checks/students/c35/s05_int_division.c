/* backward.c -- two layer net, backward pass.
 * HW1 part 2.  Loops for everything, I will switch to BLAS once it passes.
 */

#include <stdio.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = X->size2;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, j, k;
  double inv_N = 1 / N;         /* loss is the average over the batch */

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        {
          double val = gsl_matrix_get (cache->prob, i, j);
          if (j == y[i])
            val -= 1.0;
          gsl_matrix_set (g->dz2, i, j, val * inv_N);
        }
    }

  /* 2. dW2 */
  for (j = 0; j < H; j++)
    {
      for (k = 0; k < C; k++)
        {
          double sum = 0.0;
          for (i = 0; i < N; i++)
            sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
          sum += 2 * reg * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dW2, j, k, sum);
        }
    }

  /* 3. db2 */
  for (k = 0; k < C; k++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, sum);
    }

  /* 4. dp1 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          double sum = 0.0;
          for (k = 0; k < C; k++)
            sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, sum);
        }
    }

  /* 5. dz1 */
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

  /* 6. dW1 */
  for (k = 0; k < D; k++)
    {
      for (j = 0; j < H; j++)
        {
          double sum = 0.0;
          for (i = 0; i < N; i++)
            sum += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
          sum += 2 * reg * gsl_matrix_get (net->W1, k, j);
          gsl_matrix_set (g->dW1, k, j, sum);
        }
    }

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  /* printf ("db1[0] = %f\n", gsl_vector_get (g->db1, 0)); */

  g->present = BP_GRADS_ALL;
  return 0;
}
