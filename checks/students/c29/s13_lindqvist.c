/* backward.c
 * Hannah Lindqvist -- Neural Networks course, assignment 2
 *
 * For each sample: dz2 row, then dW2/db2, then dp1 row, dz1 row, then
 * dW1/db1.  1/N is put into dz2 directly.  Reg at the end.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  /* everything that gets summed over samples starts at 0 */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (size_t n = 0; n < N; n++)
    {
      const size_t label = y[n];

      for (size_t c = 0; c < C; c++)
        {
          double grad = gsl_matrix_get (cache->prob, n, c);
          if (c == label)
            grad -= 1.0;
          grad /= N;
          gsl_matrix_set (g->dz2, n, c, grad);

          for (size_t h = 0; h < H; h++)
            {
              double old = gsl_matrix_get (g->dW2, h, c);
              gsl_matrix_set (g->dW2, h, c, old + gsl_matrix_get (cache->p1, n, h) * grad);
            }
          gsl_vector_set (g->db2, c, grad);
        }

      for (size_t h = 0; h < H; h++)
        {
          double back = 0.0;
          for (size_t c = 0; c < C; c++)
            back += gsl_matrix_get (net->W2, h, c) * gsl_matrix_get (g->dz2, n, c);
          gsl_matrix_set (g->dp1, n, h, back);

          double grad1 = gsl_matrix_get (cache->z1, n, h) > 0.0 ? back : 0.0;
          gsl_matrix_set (g->dz1, n, h, grad1);

          for (size_t d = 0; d < D; d++)
            {
              double old = gsl_matrix_get (g->dW1, d, h);
              gsl_matrix_set (g->dW1, d, h, old + gsl_matrix_get (X, n, d) * grad1);
            }
          gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + grad1);
        }
    }

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                      + 2.0 * reg * gsl_matrix_get (net->W1, d, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
