/* backward.c -- hand-in for the backprop exercise
 *
 * delta_out[i][k]    = (o[i][k] - t[i][k]) / N
 * delta_hidden[i][j] = o_h (1 - o_h) * sum_k w[j][k] delta_out[i][k]
 *   (the derivative of the activation written with its output o_h, as in
 *    the textbook's backpropagation algorithm, table 4.2)
 */
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
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double o = gsl_matrix_get (cache->prob, i, k);
        gsl_matrix_set (g->dz2, i, k, (o - (y[i] == k)) / (double) N);
      }

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double grad_w_out = 0.0;
        for (i = 0; i < N; i++)
          grad_w_out += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (cache->p1, i, j);
        grad_w_out += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, grad_w_out);
      }

  for (k = 0; k < C; k++)
    {
      double grad_b_out = 0.0;
      for (i = 0; i < N; i++)
        grad_b_out += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, grad_b_out);
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double err = 0.0, o_h;
        for (k = 0; k < C; k++)
          err += gsl_matrix_get (net->W2, j, k) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dp1, i, j, err);
        o_h = gsl_matrix_get (cache->p1, i, j);
        gsl_matrix_set (g->dz1, i, j, o_h * (1.0 - o_h) * err);
      }

  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double grad_w_hid = 0.0;
        for (k = 0; k < N; k++)
          grad_w_hid += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        grad_w_hid += 2.0 * reg * gsl_matrix_get (net->W1, i, j);
        gsl_matrix_set (g->dW1, i, j, grad_w_hid);
      }

  for (j = 0; j < H; j++)
    {
      double grad_b_hid = 0.0;
      for (i = 0; i < N; i++)
        grad_b_hid += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, grad_b_hid);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
