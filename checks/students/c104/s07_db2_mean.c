/* backward.c -- two layer net
 * Same layer functions as the posted example.  Loops only, no BLAS yet. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
output_backward (const bp_net *net, const size_t *y, double reg,
                 const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N, H = net->H, C = net->C, i, j, k;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (k == y[i])) / N);

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double sum = 2 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, sum);
      }

  /* bias: the average of dz2 over the batch */
  for (k = 0; k < C; k++)
    {
      double sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, sum / N);
    }
}

static void
hidden_backward (const bp_net *net, const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N, H = net->H, C = net->C, i, j, k;

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double sum = 0;
        for (k = 0; k < C; k++)
          sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, sum);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? sum : 0);
      }
}

static void
input_backward (const bp_net *net, const gsl_matrix *X, double reg,
                bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, i, d, j;

  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      {
        double sum = 2 * reg * gsl_matrix_get (net->W1, d, j);
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, d, j, sum);
      }
  for (j = 0; j < H; j++)
    {
      double sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;
  output_backward (net, y, reg, cache, g);
  hidden_backward (net, cache, g);
  input_backward (net, X, reg, g);
  g->present = BP_GRADS_ALL;
  return 0;
}
