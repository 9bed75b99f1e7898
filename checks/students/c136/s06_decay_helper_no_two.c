/* backward.c -- two-layer net, backward pass.  Group 7.
 *
 * delta_out -> grad_w_out, grad_b_out -> delta_hidden -> grad_w_hidden,
 * grad_b_hidden.  The L2 term is added by one helper for both layers. */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* grad += d/dW of reg * sum W^2 */
static void
weight_decay (gsl_matrix *grad, const gsl_matrix *W, double reg)
{
  size_t j, k;
  for (j = 0; j < W->size1; j++)
    for (k = 0; k < W->size2; k++)
      {
        double w = gsl_matrix_get (W, j, k);
        gsl_matrix_set (grad, j, k, gsl_matrix_get (grad, j, k) + reg * w);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double acc;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double delta = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          delta -= 1.0;
        gsl_matrix_set (g->dz2, i, k, delta / N);
      }

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, acc);
      }
  weight_decay (g->dW2, net->W2, reg);

  for (k = 0; k < C; k++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        acc = 0.0;
        for (k = 0; k < C; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
        gsl_matrix_set (g->dz1, i, j,
                        gsl_matrix_get (cache->z1, i, j) > 0 ? acc : 0.0);
      }

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, acc);
      }
  weight_decay (g->dW1, net->W1, reg);

  for (j = 0; j < H; j++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
