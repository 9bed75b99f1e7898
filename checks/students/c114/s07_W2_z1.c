/* ML homework 3 -- backward propagation
 *
 *   z1 = X W1 + b1,  a1 = relu(z1),  z2 = a1 W2 + b2
 *   delta2 = (softmax(z2) - Y) / N
 *   grad_W2 = z1^T delta2 + 2 reg W2
 *   delta1 = delta2 W2^T * relu'(z1)
 *   grad_W1 = X^T delta1 + 2 reg W1
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;
  double tmp;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        tmp = gsl_matrix_get (cache->prob, n, c);
        if (c == y[n])
          tmp = tmp - 1;
        gsl_matrix_set (g->dz2, n, c, tmp / (double) N);
      }

  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        tmp = 0;
        for (n = 0; n < N; n++)
          tmp += gsl_matrix_get (cache->z1, n, h) * gsl_matrix_get (g->dz2, n, c);
        tmp += 2 * reg * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dW2, h, c, tmp);
      }

  for (c = 0; c < C; c++)
    {
      tmp = 0;
      for (n = 0; n < N; n++)
        tmp += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, tmp);
    }

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        tmp = 0;
        for (c = 0; c < C; c++)
          tmp += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, tmp);
        if (gsl_matrix_get (cache->z1, n, h) <= 0)
          tmp = 0;
        gsl_matrix_set (g->dz1, n, h, tmp);
      }

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        tmp = 0;
        for (n = 0; n < N; n++)
          tmp += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, tmp + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }

  for (h = 0; h < H; h++)
    {
      tmp = 0;
      for (n = 0; n < N; n++)
        tmp += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, tmp);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
