/* backward.c -- CS231 hw1 (C), two layer network, backward pass
 *
 * TODO: make this faster, the triple loops are slow on CIFAR
 */

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

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---------------- dz2 ---------------- */
  for (size_t n = 0; n < N; n++)
    {
      for (size_t c = 0; c < C; c++)
        {
          double grad = gsl_matrix_get (cache->prob, n, c);
          if (c == y[n])
            grad = grad - 1;
          grad = grad / N;
          gsl_matrix_set (g->dz2, n, c, grad);
        }
    }

  /* ---------------- dW2 ---------------- */
  for (size_t h = 0; h < H; h++)
    {
      for (size_t c = 0; c < C; c++)
        {
          double total = 0;
          for (size_t n = 0; n < N; n++)
            total = total + gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
          total = total + 2 * reg * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dW2, h, c, total);
        }
    }

  /* ---------------- db2 ---------------- */
  for (size_t c = 0; c < C; c++)
    {
      double total = 0;
      for (size_t n = 0; n < N; n++)
        total = total + gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, total);
    }

  /* ---------------- dp1 ---------------- */
  for (size_t n = 0; n < N; n++)
    {
      for (size_t h = 0; h < H; h++)
        {
          double total = 0;
          for (size_t c = 0; c < C; c++)
            total = total + gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, n, h, total);
        }
    }

  /* ---------------- dz1 ---------------- */
  for (size_t n = 0; n < N; n++)
    {
      for (size_t h = 0; h < H; h++)
        {
          double grad = 0;
          if (gsl_matrix_get (cache->z1, n, h) > 0)
            grad = gsl_matrix_get (g->dp1, n, h);
          gsl_matrix_set (g->dz1, n, h, grad);
        }
    }

  /* ---------------- dW1 ---------------- */
  for (size_t d = 0; d < D; d++)
    {
      for (size_t h = 0; h < H; h++)
        {
          double total = 0;
          for (size_t n = 0; n < N; n++)
            total = total + gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dp1, n, h);
          total = total + 2 * reg * gsl_matrix_get (net->W1, d, h);
          gsl_matrix_set (g->dW1, d, h, total);
        }
    }

  /* ---------------- db1 ---------------- */
  for (size_t h = 0; h < H; h++)
    {
      double total = 0;
      for (size_t n = 0; n < N; n++)
        total = total + gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, total);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
