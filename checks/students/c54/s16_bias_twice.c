/* backward.c -- Assignment 2, backward pass
 *
 * nabla_* are local sums over the batch (plain arrays), turned into the
 * gradients at the end: g = nabla / N (+ 2 reg W for the weights).
 * For each example the deltas are also written out, already divided by
 * N, into the rows of dz2, dp1 and dz1.
 */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, j, k;
  double nabla_w1[D][H], nabla_b1[H], nabla_w2[H][C], nabla_b2[C];

  memset (nabla_w1, 0, sizeof nabla_w1);
  memset (nabla_b1, 0, sizeof nabla_b1);
  memset (nabla_w2, 0, sizeof nabla_w2);
  memset (nabla_b2, 0, sizeof nabla_b2);

  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view xn = gsl_matrix_const_row (X, n);
      gsl_vector_const_view an = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view zn = gsl_matrix_const_row (cache->z1, n);
      double delta2[C], delta1[H];

      for (k = 0; k < C; k++)
        {
          delta2[k] = gsl_matrix_get (cache->prob, n, k);
          if (k == y[n])
            delta2[k] = delta2[k] - 1;
          gsl_matrix_set (g->dz2, n, k, delta2[k] / N);
          nabla_b2[k] += delta2[k];
          for (j = 0; j < H; j++)
            nabla_w2[j][k] += gsl_vector_get (&an.vector, j) * delta2[k];
        }

      for (j = 0; j < H; j++)
        {
          double back = 0;
          for (k = 0; k < C; k++)
            back += gsl_matrix_get (net->W2, j, k) * delta2[k];
          gsl_matrix_set (g->dp1, n, j, back / N);

          delta1[j] = gsl_vector_get (&zn.vector, j) > 0 ? back : 0;
          gsl_matrix_set (g->dz1, n, j, delta1[j] / N);
          nabla_b1[j] += delta1[j] / N;
          for (i = 0; i < D; i++)
            nabla_w1[i][j] += gsl_vector_get (&xn.vector, i) * delta1[j];
        }
    }

  for (k = 0; k < C; k++)
    gsl_vector_set (g->db2, k, nabla_b2[k] / N);
  for (j = 0; j < H; j++)
    {
      gsl_vector_set (g->db1, j, nabla_b1[j] / N);
      for (k = 0; k < C; k++)
        gsl_matrix_set (g->dW2, j, k, nabla_w2[j][k] / N
                        + 2 * reg * gsl_matrix_get (net->W2, j, k));
    }
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, nabla_w1[i][j] / N
                      + 2 * reg * gsl_matrix_get (net->W1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
