/* backward.c -- backward pass of the two-layer net, straight off the graph.
 *
 *   X, W1, b1 -> z1 -> p1 -> z2 (with W2, b2) -> prob -> L
 *
 * Every edge gets its own Jacobian and the chain rule is applied one node
 * at a time: dL/d(child) = sum over parent entries of dL/d(parent) times
 * d(parent)/d(child).  No "prob - onehot" shortcut, the point of the
 * exercise is to see that it falls out of the softmax Jacobian. */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, h, d;
  gsl_matrix *J = gsl_matrix_alloc (C, C);     /* dprob_i / dz2_i */
  gsl_vector *dprob = gsl_vector_alloc (C);    /* dL / dprob_i */
  gsl_matrix *R = gsl_matrix_alloc (H, H);     /* dp1_i / dz1_i */

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      /* sample i contributes -(1/N) log prob[i][y_i] to L */
      gsl_vector_set_zero (dprob);
      gsl_vector_set (dprob, y[i],
                      -1.0 / ((double) N * gsl_matrix_get (cache->prob, i, y[i])));

      /* softmax Jacobian, J[k][j] = dprob_k/dz2_j = p_k (delta_kj - p_j) */
      for (k = 0; k < C; k++)
        for (j = 0; j < C; j++)
          {
            double pk = gsl_matrix_get (cache->prob, i, k);
            double pj = gsl_matrix_get (cache->prob, i, j);
            gsl_matrix_set (J, k, j, pk * ((k == j ? 1.0 : 0.0) - pj));
          }

      /* dL/dz2_j = sum_k dL/dprob_k * J[k][j] */
      for (j = 0; j < C; j++)
        {
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += gsl_vector_get (dprob, k) * gsl_matrix_get (J, k, j);
          gsl_matrix_set (g->dz2, i, j, s);
        }

      /* z2_j = sum_h p1_h W2[h][j] + b2_j, so dz2_j/dp1_h = W2[h][j] */
      for (h = 0; h < H; h++)
        {
          double s = 0.0;
          for (j = 0; j < C; j++)
            s += gsl_matrix_get (g->dz2, i, j) * gsl_matrix_get (net->W2, h, j);
          gsl_matrix_set (g->dp1, i, h, s);
        }

      /* relu Jacobian: H x H, diagonal, 1 where z1 > 0 */
      gsl_matrix_set_zero (R);
      for (h = 0; h < H; h++)
        if (gsl_matrix_get (cache->z1, i, h) > 0.0)
          gsl_matrix_set (R, h, h, 1.0);
      for (h = 0; h < H; h++)
        {
          double s = 0.0;
          for (k = 0; k < H; k++)
            s += gsl_matrix_get (g->dp1, i, k) * gsl_matrix_get (R, k, h);
          gsl_matrix_set (g->dz1, i, h, s);
        }

      /* parameters: outer product of the layer input and dL/dz, per sample */
      for (h = 0; h < H; h++)
        for (j = 0; j < C; j++)
          gsl_matrix_set (g->dW2, h, j, gsl_matrix_get (g->dW2, h, j)
                          + gsl_matrix_get (cache->p1, i, h)
                          * gsl_matrix_get (g->dz2, i, j));
      for (j = 0; j < C; j++)
        gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j)
                        + gsl_matrix_get (g->dz2, i, j));
      for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
          gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                          + gsl_matrix_get (X, i, d)
                          * gsl_matrix_get (g->dz1, i, h));
      for (h = 0; h < H; h++)
        gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h)
                        + gsl_matrix_get (g->dz1, i, h));
    }

  /* d/dW of reg |W|^2 is 2 reg W */
  for (h = 0; h < H; h++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dW2, h, j, gsl_matrix_get (g->dW2, h, j)
                      + 2.0 * reg * gsl_matrix_get (net->W2, h, j));
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                      + 2.0 * reg * gsl_matrix_get (net->W1, d, h));

  gsl_matrix_free (J);
  gsl_vector_free (dprob);
  gsl_matrix_free (R);
  g->present = BP_GRADS_ALL;
  return 0;
}
