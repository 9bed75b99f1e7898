/* Backward pass of the two-layer net (homework 3).
 * N = batch size, D = input size, H = hidden size, C = number of classes. */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, j;

  /* gradient of the scores */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        {
          double p = gsl_matrix_get (cache->prob, i, j);
          if (j == y[i])
            p = p - 1;
          gsl_matrix_set (g->dz2, i, j, p / N);
        }
    }

  /* gradient of W2 and b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  for (j = 0; j < C; j++)
    {
      double total = 0;
      for (i = 0; i < C; i++)
        total = total + gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, total);
    }

  /* gradient of the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
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

  /* gradient of W1 and b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  for (j = 0; j < H; j++)
    {
      double total = 0;
      for (i = 0; i < N; i++)
        total = total + gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, total);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
