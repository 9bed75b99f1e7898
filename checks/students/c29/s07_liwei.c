/* Homework 4 -- neural network backward pass
 * Li Wei  (student id 2021****)
 *
 * Loop over samples.  Note to self: dW2 is H x C, p1 is N x H,
 * dz2 is N x C.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define M(A, i, j) gsl_matrix_get ((A), (i), (j))

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t s, h, c, d;

  /* reset the accumulators */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (s = 0; s < N; s++)
    {
      /* output layer gradient of sample s */
      for (c = 0; c < C; c++)
        {
          double v = M (cache->prob, s, c) - (c == y[s] ? 1.0 : 0.0);
          gsl_matrix_set (g->dz2, s, c, v / (double) N);
        }

      /* W2 and b2 */
      for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
          gsl_matrix_set (g->dW2, h, c,
                          M (g->dW2, h, c) + M (cache->p1, s, c) * M (g->dz2, s, c));
      for (c = 0; c < C; c++)
        gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + M (g->dz2, s, c));

      /* hidden layer */
      for (h = 0; h < H; h++)
        {
          double acc = 0.0;
          for (c = 0; c < C; c++)
            acc += M (g->dz2, s, c) * M (net->W2, h, c);
          gsl_matrix_set (g->dp1, s, h, acc);
          gsl_matrix_set (g->dz1, s, h, M (cache->z1, s, h) > 0.0 ? acc : 0.0);
        }

      /* W1 and b1 */
      for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
          gsl_matrix_set (g->dW1, d, h,
                          M (g->dW1, d, h) + M (X, s, d) * M (g->dz1, s, h));
      for (h = 0; h < H; h++)
        gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + M (g->dz1, s, h));
    }

  /* regularisation */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, M (g->dW2, h, c) + 2 * reg * M (net->W2, h, c));
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, M (g->dW1, d, h) + 2 * reg * M (net->W1, d, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
