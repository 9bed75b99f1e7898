/* Lab 5: backward pass for the 2 layer network
 * structure copied from the lecture example (one block per gradient) */

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

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /*---------------- dz2 ----------------*/
  /* derivative of softmax + cross entropy: prob - 1 at the right class */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        {
          double pk = gsl_matrix_get (cache->prob, i, k);
          if (k == y[i])
            pk = pk - 1.0;
          gsl_matrix_set (g->dz2, i, k, pk);
        }
    }

  /*---------------- dW2 ----------------*/
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double sum = 0.0;
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        sum += 2 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, sum);
      }

  /*---------------- db2 ----------------*/
  for (k = 0; k < C; k++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, sum);
    }

  /*---------------- dp1 ----------------*/
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double sum = 0.0;
        for (k = 0; k < C; k++)
          sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, sum);
      }

  /*---------------- dz1 ----------------*/
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double d = gsl_matrix_get (g->dp1, i, j);
        if (gsl_matrix_get (cache->z1, i, j) <= 0)
          d = 0;
        gsl_matrix_set (g->dz1, i, j, d);
      }

  /*---------------- dW1 ----------------*/
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double sum = 0.0;
        for (k = 0; k < N; k++)
          sum += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        sum += 2 * reg * gsl_matrix_get (net->W1, i, j);
        gsl_matrix_set (g->dW1, i, j, sum);
      }

  /*---------------- db1 ----------------*/
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
