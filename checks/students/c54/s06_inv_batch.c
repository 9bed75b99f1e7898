/* backward.c
 *
 * Backpropagation for the 2-layer net, one sample at a time.  I put the
 * 1/N of the mean into delta straight away (inv_n), so every nabla that
 * is built from delta is already averaged and only the weight decay is
 * left for the end.
 */

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
  double inv_n = 1 / N;
  size_t n, i, j, k;

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      double delta[C];
      double nabla_a[H];
      double delta_h[H];

      for (k = 0; k < C; k++)
        delta[k] = (gsl_matrix_get (cache->prob, n, k)
                    - (k == y[n] ? 1.0 : 0.0)) * inv_n;

      for (j = 0; j < H; j++)
        {
          nabla_a[j] = 0.0;
          for (k = 0; k < C; k++)
            nabla_a[j] += delta[k] * gsl_matrix_get (net->W2, j, k);
          delta_h[j] = gsl_matrix_get (cache->z1, n, j) > 0 ? nabla_a[j] : 0.0;
        }

      for (k = 0; k < C; k++)
        {
          gsl_matrix_set (g->dz2, n, k, delta[k]);
          gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + delta[k]);
          for (j = 0; j < H; j++)
            gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                            + gsl_matrix_get (cache->p1, n, j) * delta[k]);
        }

      for (j = 0; j < H; j++)
        {
          gsl_matrix_set (g->dp1, n, j, nabla_a[j]);
          gsl_matrix_set (g->dz1, n, j, delta_h[j]);
          gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + delta_h[j]);
          for (i = 0; i < D; i++)
            gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                            + gsl_matrix_get (X, n, i) * delta_h[j]);
        }
    }

  /* weight decay */
  for (j = 0; j < H; j++)
    {
      for (k = 0; k < C; k++)
        gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                        + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      for (i = 0; i < D; i++)
        gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                        + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
