/* backward.c  (assignment 2, two-layer net)
 * one sample at a time: each row of X adds its share to the weight and
 * bias gradients, like the "naive" version of the svm loss */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, d, h, c;
  double dz, dh;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* the sums start at zero */
  gsl_matrix_set_zero (g->dW2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      /* Compute the gradient of the loss w.r.t. the scores, row i */
      for (c = 0; c < C; c++)
        {
          dz = gsl_matrix_get (cache->prob, i, c);
          if (c == y[i])
            dz -= 1.0;
          dz /= (double) N;
          gsl_matrix_set (g->dz2, i, c, dz);
          for (h = 0; h < H; h++)
            gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                            + gsl_matrix_get (cache->p1, i, h) * dz);
          gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + dz);
        }

      /* backprop into the hidden layer, row i */
      for (h = 0; h < H; h++)
        {
          dh = 0.0;
          for (c = 0; c < C; c++)
            dh += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, i, h, dh);
          if (gsl_matrix_get (cache->z1, i, h) <= 0.0)
            dh = 0.0;               /* relu */
          gsl_matrix_set (g->dz1, i, h, dh);
          for (d = 0; d < D; d++)
            gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                            + gsl_matrix_get (X, i, d) * dh);
          gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + dh);
        }
    }

  /* regularization: d/dW of reg*W^2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2 * reg * gsl_matrix_get (net->W2, h, c));
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                      + 2 * reg * gsl_matrix_get (net->W1, d, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
