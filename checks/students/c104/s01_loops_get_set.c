/* backward.c -- week 4 assignment, two layer net backward pass
 * I followed the structure of the posted example: one function per layer,
 * called from backward() from the top (output) down to the input. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* output layer: dz2, dW2, db2 */
static void
output_backward (const bp_net *net, const size_t *y, double reg,
                 const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N, H = net->H, C = net->C;
  size_t i, j, k;

  /* dz2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          v -= 1.0;
        gsl_matrix_set (g->dz2, i, k, v / (double) N);
      }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* db2 = sum over the batch */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }
}

/* hidden layer: dp1 and dz1 (through the relu) */
static void
hidden_backward (const bp_net *net, const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N, H = net->H, C = net->C;
  size_t i, j, k;

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
        /* relu lets the gradient through only where z1 > 0 */
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, s);
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }
}

/* input layer: dW1, db1 */
static void
input_backward (const bp_net *net, const gsl_matrix *X, double reg,
                bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H;
  size_t i, d, j;

  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, d, j, s + 2.0 * reg * gsl_matrix_get (net->W1, d, j));
      }

  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  output_backward (net, y, reg, cache, g);
  hidden_backward (net, cache, g);
  input_backward (net, X, reg, g);

  g->present = BP_GRADS_ALL;
  return 0;
}
