/* Backward pass, one sample at a time (as in my SGD notes): every
 * parameter gradient starts from its penalty, then each sample adds its
 * share.  The intermediate gradients are filled row by row on the way. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;

  /* start: the penalty's gradient */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, 2 * reg * gsl_matrix_get (net->W2, h, c));
  for (c = 0; c < C; c++)
    gsl_vector_set (g->db2, c, 2 * reg * gsl_vector_get (net->b2, c));
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, 2 * reg * gsl_matrix_get (net->W1, d, h));
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      /* this sample's score gradient */
      for (c = 0; c < C; c++)
        {
          double v = gsl_matrix_get (cache->prob, n, c);
          if (c == y[n])
            v -= 1.0;
          gsl_matrix_set (g->dz2, n, c, v / N);
        }

      /* its share of the layer-2 gradients, and dp1, dz1 */
      for (h = 0; h < H; h++)
        {
          double s = 0;
          for (c = 0; c < C; c++)
            {
              double e = gsl_matrix_get (g->dz2, n, c);
              *gsl_matrix_ptr (g->dW2, h, c) += gsl_matrix_get (cache->p1, n, h) * e;
              s += e * gsl_matrix_get (net->W2, h, c);
            }
          gsl_matrix_set (g->dp1, n, h, s);
          gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0 ? s : 0);
        }
      for (c = 0; c < C; c++)
        *gsl_vector_ptr (g->db2, c) += gsl_matrix_get (g->dz2, n, c);

      /* its share of the layer-1 gradients */
      for (h = 0; h < H; h++)
        {
          double e = gsl_matrix_get (g->dz1, n, h);
          for (d = 0; d < D; d++)
            *gsl_matrix_ptr (g->dW1, d, h) += gsl_matrix_get (X, n, d) * e;
          *gsl_vector_ptr (g->db1, h) += e;
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
