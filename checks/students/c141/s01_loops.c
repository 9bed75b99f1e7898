/* backward.c -- lab 3, backward pass of the two layer net
 * everything with loops, one block per gradient */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - onehot) / N */
  {
    double s;
    for (size_t i = 0; i < N; i++)
      for (size_t c = 0; c < C; c++)
        {
          s = gsl_matrix_get (cache->prob, i, c);
          if (c == y[i])
            s -= 1.0;
          gsl_matrix_set (g->dz2, i, c, s / (double) N);
        }
  }

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  {
    double s;
    for (size_t r = 0; r < H; r++)
      for (size_t c = 0; c < C; c++)
        {
          s = 0.0;
          for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get (cache->p1, i, r) * gsl_matrix_get (g->dz2, i, c);
          s += 2.0 * reg * gsl_matrix_get (net->W2, r, c);
          gsl_matrix_set (g->dW2, r, c, s);
        }
  }

  /* 3. db2 = sum of dz2 over the samples */
  {
    double s;
    for (size_t c = 0; c < C; c++)
      {
        s = 0.0;
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (g->dz2, i, c);
        gsl_vector_set (g->db2, c, s);
      }
  }

  /* 4. dp1 = dz2 W2^T */
  {
    double s;
    for (size_t i = 0; i < N; i++)
      for (size_t r = 0; r < H; r++)
        {
          s = 0.0;
          for (size_t c = 0; c < C; c++)
            s += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, r, c);
          gsl_matrix_set (g->dp1, i, r, s);
        }
  }

  /* 5. dz1: relu lets the gradient through where z1 > 0 */
  {
    double s;
    for (size_t i = 0; i < N; i++)
      for (size_t r = 0; r < H; r++)
        {
          s = gsl_matrix_get (g->dp1, i, r);
          if (gsl_matrix_get (cache->z1, i, r) <= 0.0)
            s = 0.0;
          gsl_matrix_set (g->dz1, i, r, s);
        }
  }

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  {
    double s;
    for (size_t r = 0; r < D; r++)
      for (size_t c = 0; c < H; c++)
        {
          s = 0.0;
          for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get (X, i, r) * gsl_matrix_get (g->dz1, i, c);
          s += 2.0 * reg * gsl_matrix_get (net->W1, r, c);
          gsl_matrix_set (g->dW1, r, c, s);
        }
  }

  /* 7. db1 */
  {
    double s;
    for (size_t c = 0; c < H; c++)
      {
        s = 0.0;
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (g->dz1, i, c);
        gsl_vector_set (g->db1, c, s);
      }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
