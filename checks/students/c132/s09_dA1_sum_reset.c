/* Homework 4: backward pass
 * by Linda P.
 *
 *  forward was:  Z1 = X W1 + b1,  A1 = relu(Z1),  Z2 = A1 W2 + b2,
 *                A2 = softmax(Z2),  L = mean cross entropy + reg*(|W1|^2+|W2|^2)
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
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, j, k;
  double sum;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dZ2 = (A2 - Y)/N */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        {
          double a = gsl_matrix_get (cache->prob, i, k);
          if (k == y[i])
            a = a - 1;
          gsl_matrix_set (g->dz2, i, k, a / N);
        }
    }

  /* dW2 = A1^T dZ2 + 2*reg*W2 */
  for (j = 0; j < H; j++)
    {
      for (k = 0; k < C; k++)
        {
          sum = 0;
          for (i = 0; i < N; i++)
            sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
          gsl_matrix_set (g->dW2, j, k, sum + 2 * reg * gsl_matrix_get (net->W2, j, k));
        }
    }

  /* db2 */
  for (k = 0; k < C; k++)
    {
      sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, sum);
    }

  /* dA1 = dZ2 W2^T  (N x C times C x H) */
  for (i = 0; i < N; i++)
    {
      sum = 0;
      for (j = 0; j < H; j++)
        {
          for (k = 0; k < C; k++)
            sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, sum);
        }
    }

  /* dZ1 = dA1 * relu'(Z1) */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          if (gsl_matrix_get (cache->z1, i, j) > 0)
            gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
          else
            gsl_matrix_set (g->dz1, i, j, 0);
        }
    }

  /* dW1 = X^T dZ1 + 2*reg*W1 */
  for (k = 0; k < D; k++)
    {
      for (j = 0; j < H; j++)
        {
          sum = 0;
          for (i = 0; i < N; i++)
            sum += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
          gsl_matrix_set (g->dW1, k, j, sum + 2 * reg * gsl_matrix_get (net->W1, k, j));
        }
    }

  /* db1 */
  for (j = 0; j < H; j++)
    {
      sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
