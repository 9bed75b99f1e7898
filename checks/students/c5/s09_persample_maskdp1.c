/*
 * Backward pass of the two-layer network, one sample at a time.
 *
 * For every sample n I push its error back through the network and add its
 * share into the parameter gradients, like the derivation in the lecture.
 */
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

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

  /* start the parameter gradients at their regularisation part */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, 2.0 * reg * gsl_matrix_get (net->W1, d, h));
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, 2.0 * reg * gsl_matrix_get (net->W2, h, c));
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (size_t n = 0; n < N; n++)
    {
      /* output layer error of sample n */
      for (size_t c = 0; c < C; c++)
        {
          double target = (c == y[n]) ? 1.0 : 0.0;
          double err = (gsl_matrix_get (cache->prob, n, c) - target) / (double) N;
          gsl_matrix_set (g->dz2, n, c, err);
        }

      /* its contribution to W2 and b2 */
      for (size_t c = 0; c < C; c++)
        {
          double err = gsl_matrix_get (g->dz2, n, c);
          for (size_t h = 0; h < H; h++)
            {
              double old = gsl_matrix_get (g->dW2, h, c);
              gsl_matrix_set (g->dW2, h, c, old + gsl_matrix_get (cache->p1, n, h) * err);
            }
          gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + err);
        }

      /* back into the hidden layer */
      for (size_t h = 0; h < H; h++)
        {
          double sum = 0.0;
          for (size_t c = 0; c < C; c++)
            sum += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, n, h, sum);
        }

      /* through the ReLU: negative values are set to 0 */
      for (size_t h = 0; h < H; h++)
        {
          double v = gsl_matrix_get (g->dp1, n, h);
          gsl_matrix_set (g->dz1, n, h, v > 0.0 ? v : 0.0);
        }

      /* contribution to W1 and b1 */
      for (size_t h = 0; h < H; h++)
        {
          double e = gsl_matrix_get (g->dz1, n, h);
          for (size_t d = 0; d < D; d++)
            {
              double old = gsl_matrix_get (g->dW1, d, h);
              gsl_matrix_set (g->dW1, d, h, old + gsl_matrix_get (X, n, d) * e);
            }
          gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + e);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
