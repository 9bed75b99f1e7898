/* backward.c  (backprop assignment)
 *
 * Delta rule: Delta w_jk = - eta * delta_k * (input of unit k from unit j)
 * so the gradient of w_jk is delta_out_k times the hidden unit j value.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

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

  /* output deltas */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        {
          double delta = gsl_matrix_get (cache->prob, i, k);
          if (k == y[i])
            delta -= 1.0;
          gsl_matrix_set (g->dz2, i, k, delta / (double) N);
        }
    }

  /* hidden -> output weights, using the hidden unit value net_j */
  for (j = 0; j < H; j++)
    {
      for (k = 0; k < C; k++)
        {
          double sum = 0.0;
          for (i = 0; i < N; i++)
            sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (cache->z1, i, j);
          gsl_matrix_set (g->dW2, j, k, sum + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
        }
    }

  /* output bias */
  for (k = 0; k < C; k++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, sum);
    }

  /* hidden deltas */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          double sum = 0.0;
          for (k = 0; k < C; k++)
            sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, sum);
          if (gsl_matrix_get (cache->z1, i, j) > 0.0)
            gsl_matrix_set (g->dz1, i, j, sum);
          else
            gsl_matrix_set (g->dz1, i, j, 0.0);
        }
    }

  /* input -> hidden weights and hidden bias */
  for (i = 0; i < D; i++)
    {
      for (j = 0; j < H; j++)
        {
          double sum = 0.0;
          for (k = 0; k < N; k++)
            sum += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
          gsl_matrix_set (g->dW1, i, j, sum + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
        }
    }
  for (j = 0; j < H; j++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
