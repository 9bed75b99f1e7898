/*  Backward pass for the 2-layer network.
 *  Student: Yusuf Demir     Course: Intro to Deep Learning, HW2
 *
 *  Per sample:
 *      delta2 = (softmax - onehot)/N
 *      grad_hidden = W2 * delta2
 *      delta1 = grad_hidden * relu'(z1)
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1;
  int D = (int) net->D, H = (int) net->H, C = (int) net->C;

  gsl_matrix_set_zero (g->dW1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (int s = 0; s < N; s++)
    {
      /* delta2 */
      for (int k = 0; k < C; k++)
        {
          double delta2 = gsl_matrix_get (cache->prob, s, k);
          if ((size_t) k == y[s])
            delta2 -= 1.0;
          delta2 /= N;
          gsl_matrix_set (g->dz2, s, k, delta2);
          gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + delta2);
          for (int j = 0; j < H; j++)
            gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                            + gsl_matrix_get (cache->p1, s, j) * delta2);
        }

      /* hidden */
      for (int j = 0; j < H; j++)
        {
          double grad_hidden = 0.0;
          for (int k = 0; k < C; k++)
            grad_hidden += gsl_matrix_get (net->W2, j, k) * gsl_matrix_get (g->dz2, s, k);
          gsl_matrix_set (g->dp1, s, j, grad_hidden);

          double delta1 = 0.0;
          if (gsl_matrix_get (cache->z1, s, j) > 0)
            delta1 = grad_hidden;
          gsl_matrix_set (g->dz1, s, j, delta1);

          gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + grad_hidden);
          for (int i = 0; i < D; i++)
            gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                            + gsl_matrix_get (X, s, i) * delta1);
        }
    }

  /* regularization: reg * sum W^2  ->  2 reg W */
  for (int j = 0; j < H; j++)
    for (int k = 0; k < C; k++)
      gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k) + 2 * reg * gsl_matrix_get (net->W2, j, k));
  for (int i = 0; i < D; i++)
    for (int j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j) + 2 * reg * gsl_matrix_get (net->W1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
