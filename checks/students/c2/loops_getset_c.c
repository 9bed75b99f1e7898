#include "backprop.h"
#include <math.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* Backward pass for the 2-layer net.  Author: jmk */
int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  const double invN = 1.0 / (double) N;
  size_t i, j, c;

  /* output layer: softmax + cross entropy */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        {
          double t = (j == y[j]) ? 1.0 : 0.0;
          gsl_matrix_set (g->dz2, i, j,
                          (gsl_matrix_get (cache->prob, i, j) - t) * invN);
        }
    }

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      {
        double d = gsl_matrix_get (g->dz2, i, c);
        gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + d);
        for (j = 0; j < H; j++)
          gsl_matrix_set (g->dW2, j, c, gsl_matrix_get (g->dW2, j, c)
                          + gsl_matrix_get (cache->p1, i, j) * d);
      }
  for (j = 0; j < H; j++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, j, c, gsl_matrix_get (g->dW2, j, c)
                      + 2 * reg * gsl_matrix_get (net->W2, j, c));

  /* back into the hidden layer */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, j, c);
        gsl_matrix_set (g->dp1, i, j, s);
        gsl_matrix_set (g->dz1, i, j,
                        gsl_matrix_get (cache->p1, i, j) > 0 ? s : 0.0);
      }

  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double d = gsl_matrix_get (g->dz1, i, j);
        if (d == 0.0)
          continue;
        gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + d);
        for (c = 0; c < D; c++)
          gsl_matrix_set (g->dW1, c, j, gsl_matrix_get (g->dW1, c, j)
                          + gsl_matrix_get (X, i, c) * d);
      }
  for (c = 0; c < D; c++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, c, j, gsl_matrix_get (g->dW1, c, j)
                      + 2 * reg * gsl_matrix_get (net->W1, c, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
