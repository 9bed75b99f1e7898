/* backward.c
   Homework 3 - two layer network, backward pass
   (regularization is added to every parameter gradient) */

#include "backprop.h"

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

  if (N != cache->N || X->size2 != D || g->N != N)
  {
    return 1;
  }

  /* scores gradient */
  for (i = 0; i < N; i++)
  {
    for (k = 0; k < C; k++)
    {
      double v = gsl_matrix_get (cache->prob, i, k);
      if (k == y[i])
        v -= 1.0;
      gsl_matrix_set (g->dz2, i, k, v / N);
    }
  }

  /* layer 2 */
  for (j = 0; j < H; j++)
  {
    for (k = 0; k < C; k++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      gsl_matrix_set (g->dW2, j, k, acc + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
    }
  }
  for (k = 0; k < C; k++)
  {
    double acc = 0.0;
    for (i = 0; i < N; i++)
      acc += gsl_matrix_get (g->dz2, i, k);
    gsl_vector_set (g->db2, k, acc);
  }

  /* back into the hidden layer */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < H; j++)
    {
      double acc = 0.0;
      for (k = 0; k < C; k++)
        acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, acc);
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? acc : 0.0);
    }
  }

  /* layer 1 */
  for (k = 0; k < D; k++)
  {
    for (j = 0; j < H; j++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
      gsl_matrix_set (g->dW1, k, j, acc + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
    }
  }
  for (j = 0; j < H; j++)
  {
    double acc = 0.0;
    for (i = 0; i < N; i++)
      acc += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, acc + 2.0 * reg * gsl_vector_get (net->b1, j));
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
