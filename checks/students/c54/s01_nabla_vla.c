/* backward.c -- Nielsen's backprop, one training example at a time.
 *
 * For each example: delta at the output = a - y (softmax + cross-entropy),
 * nabla_b += delta, nabla_w += a_prev delta, propagate delta back through
 * W2 and the ReLU; after the batch divide by N and add the weight decay.
 * The per-example deltas, divided by N, are what dz2, dp1 and dz1 hold.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* nabla_w, nabla_b start at zero */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      double delta2[C], back[H], delta1[H];

      /* output layer: delta = a - y */
      for (k = 0; k < C; k++)
        {
          delta2[k] = gsl_matrix_get (cache->prob, n, k);
          if (k == y[n])
            delta2[k] -= 1.0;
        }

      /* nabla_b2 += delta, nabla_w2 += a1 delta' */
      for (k = 0; k < C; k++)
        {
          gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + delta2[k]);
          for (j = 0; j < H; j++)
            gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                            + gsl_matrix_get (cache->p1, n, j) * delta2[k]);
        }

      /* propagate back: W2 delta, then the ReLU' */
      for (j = 0; j < H; j++)
        {
          back[j] = 0.0;
          for (k = 0; k < C; k++)
            back[j] += gsl_matrix_get (net->W2, j, k) * delta2[k];
          delta1[j] = gsl_matrix_get (cache->z1, n, j) > 0.0 ? back[j] : 0.0;
        }

      /* nabla_b1 += delta, nabla_w1 += x delta' */
      for (j = 0; j < H; j++)
        {
          gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + delta1[j]);
          for (i = 0; i < D; i++)
            gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                            + gsl_matrix_get (X, n, i) * delta1[j]);
        }

      /* keep this example's deltas (the loss is a mean: / N) */
      for (k = 0; k < C; k++)
        gsl_matrix_set (g->dz2, n, k, delta2[k] / N);
      for (j = 0; j < H; j++)
        {
          gsl_matrix_set (g->dp1, n, j, back[j] / N);
          gsl_matrix_set (g->dz1, n, j, delta1[j] / N);
        }
    }

  /* average over the batch, then weight decay 2 reg W */
  for (k = 0; k < C; k++)
    gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) / N);
  for (j = 0; j < H; j++)
    {
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) / N);
      for (k = 0; k < C; k++)
        gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k) / N
                        + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      for (i = 0; i < D; i++)
        gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j) / N
                        + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
