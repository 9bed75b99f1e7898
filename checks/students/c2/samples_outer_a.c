/* One sample at a time, the way the lecture derived it:
 * for each sample i, push its gradient back through the net and add its
 * contribution to every parameter gradient. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (size_t n = 0; n < N; n++)
    {
      gsl_vector_const_view x = gsl_matrix_const_row (X, n);
      gsl_vector_const_view h = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view z = gsl_matrix_const_row (cache->z1, n);
      gsl_vector_view dz2 = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp1 = gsl_matrix_row (g->dp1, n);
      gsl_vector_view dz1 = gsl_matrix_row (g->dz1, n);

      /* scores of sample n */
      for (size_t c = 0; c < C; c++)
        {
          double t = gsl_matrix_get (cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0);
          gsl_vector_set (&dz2.vector, c, t / N);
        }

      /* second layer: dW2 += outer(h, dz2), db2 += dz2 */
      for (size_t j = 0; j < H; j++)
        for (size_t c = 0; c < C; c++)
          *gsl_matrix_ptr (g->dW2, j, c) += gsl_vector_get (&h.vector, j)
                                            * gsl_vector_get (&dz2.vector, c);
      gsl_vector_add (g->db2, &dz2.vector);

      /* hidden: dp1 = W2 dz2, dz1 = dp1 on the active units */
      for (size_t j = 0; j < H; j++)
        {
          double s = 0.0;
          for (size_t c = 0; c < C; c++)
            s += gsl_matrix_get (net->W2, j, c) * gsl_vector_get (&dz2.vector, c);
          gsl_vector_set (&dp1.vector, j, s);
          gsl_vector_set (&dz1.vector, j,
                          gsl_vector_get (&z.vector, j) > 0 ? s : 0.0);
        }

      /* first layer: dW1 += outer(x, dz1), db1 += dz1 */
      for (size_t d = 0; d < D; d++)
        for (size_t j = 0; j < H; j++)
          *gsl_matrix_ptr (g->dW1, d, j) += gsl_vector_get (&x.vector, d)
                                            * gsl_vector_get (&dz1.vector, j);
      gsl_vector_add (g->db1, &dz1.vector);
    }

  /* regularisation, once */
  for (size_t j = 0; j < H; j++)
    for (size_t c = 0; c < C; c++)
      *gsl_matrix_ptr (g->dW2, j, c) += 2 * reg * gsl_matrix_get (net->W2, j, c);
  for (size_t d = 0; d < D; d++)
    for (size_t j = 0; j < H; j++)
      *gsl_matrix_ptr (g->dW1, d, j) += 2 * reg * gsl_matrix_get (net->W1, d, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
