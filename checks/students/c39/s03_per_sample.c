/* backward.c
   Student: R. Okonkwo
   I do it one sample at a time like the lecture slides (for each example,
   forward then backward) and add up into the gradients. The 1/N goes into
   dz2 so everything after it is already averaged. */

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
  size_t n, a, b, c;
  double v;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* clear the sums */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      /* output layer error for this sample */
      for (c = 0; c < C; c++)
        {
          v = gsl_matrix_get (cache->prob, n, c);
          if (c == y[n])
            v = v - 1;
          gsl_matrix_set (g->dz2, n, c, v / (double) N);
        }

      /* W2, b2 */
      for (a = 0; a < H; a++)
        for (c = 0; c < C; c++)
          {
            v = gsl_matrix_get (g->dW2, a, c)
                + gsl_matrix_get (cache->p1, n, a) * gsl_matrix_get (g->dz2, n, c);
            gsl_matrix_set (g->dW2, a, c, v);
          }
      for (c = 0; c < C; c++)
        gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + gsl_matrix_get (g->dz2, n, c));

      /* hidden layer: dp1 and through the relu in one go */
      for (a = 0; a < H; a++)
        {
          v = 0;
          for (c = 0; c < C; c++)
            v += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, a, c);
          gsl_matrix_set (g->dp1, n, a, v);
          if (gsl_matrix_get (cache->z1, n, a) <= 0)
            v = 0;
          gsl_matrix_set (g->dz1, n, a, v);
        }

      /* W1, b1 */
      for (b = 0; b < D; b++)
        for (a = 0; a < H; a++)
          {
            v = gsl_matrix_get (g->dW1, b, a)
                + gsl_matrix_get (X, n, b) * gsl_matrix_get (g->dz1, n, a);
            gsl_matrix_set (g->dW1, b, a, v);
          }
      for (a = 0; a < H; a++)
        gsl_vector_set (g->db1, a, gsl_vector_get (g->db1, a) + gsl_matrix_get (g->dz1, n, a));
    }

  /* regularization (once, not per sample!) */
  for (a = 0; a < H; a++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, a, c, gsl_matrix_get (g->dW2, a, c) + 2 * reg * gsl_matrix_get (net->W2, a, c));
  for (b = 0; b < D; b++)
    for (a = 0; a < H; a++)
      gsl_matrix_set (g->dW1, b, a, gsl_matrix_get (g->dW1, b, a) + 2 * reg * gsl_matrix_get (net->W1, b, a));

  g->present = BP_GRADS_ALL;
  return 0;
}
