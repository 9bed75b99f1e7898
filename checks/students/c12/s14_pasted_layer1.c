/* backward.c -- backprop, assignment 3
 * The layer 1 part is the same as the layer 2 part with different
 * matrices so I copied it and changed the names.
 */
#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1, D = net->D, H = net->H, C = net->C;
  int i, j, n;
  double d, tmp, sum;

  // softmax gradient, averaged over the batch
  for (n = 0; n < N; n++)
    for (j = 0; j < C; j++)
      {
        d = gsl_matrix_get (cache->prob, n, j);
        if (j == (int) y[n])
          d -= 1.0;
        gsl_matrix_set (g->dz2, n, j, d / N);
      }

  // ---- layer 2: weights and bias together ----
  for (j = 0; j < C; j++)
    {
      sum = 0;                  // bias
      for (i = 0; i < H; i++)
        {
          tmp = 0;              // weight (i, j)
          for (n = 0; n < N; n++)
            {
              d = gsl_matrix_get (g->dz2, n, j);
              tmp += gsl_matrix_get (cache->p1, n, i) * d;
              if (i == 0)
                sum += d;
            }
          gsl_matrix_set (g->dW2, i, j, tmp + 2 * reg * gsl_matrix_get (net->W2, i, j));
        }
      gsl_vector_set (g->db2, j, sum);
    }

  // dp1 = dz2 W2^T, dz1 = relu backward
  for (n = 0; n < N; n++)
    for (i = 0; i < H; i++)
      {
        tmp = 0;
        for (j = 0; j < C; j++)
          tmp += gsl_matrix_get (g->dz2, n, j) * gsl_matrix_get (net->W2, i, j);
        gsl_matrix_set (g->dp1, n, i, tmp);
        gsl_matrix_set (g->dz1, n, i, gsl_matrix_get (cache->z1, n, i) > 0 ? tmp : 0.0);
      }

  // ---- layer 1: weights and bias together ----
  for (j = 0; j < H; j++)
    {
      sum = 0;                  // bias
      for (i = 0; i < D; i++)
        {
          tmp = 0;              // weight (i, j)
          for (n = 0; n < N; n++)
            {
              d = gsl_matrix_get (g->dp1, n, j);
              tmp += gsl_matrix_get (X, n, i) * d;
              if (i == 0)
                sum += d;
            }
          gsl_matrix_set (g->dW1, i, j, tmp + 2 * reg * gsl_matrix_get (net->W1, i, j));
        }
      gsl_vector_set (g->db1, j, sum);
    }

  // if (0) for (j = 0; j < H; j++) printf ("%g\n", gsl_vector_get (g->db1, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
