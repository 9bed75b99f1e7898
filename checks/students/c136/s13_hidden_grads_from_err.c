/* backward.c - two layer network, backward pass
 * (textbook notation: delta_out, err_hidden, delta_hidden)
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* start the sums from zero (plus the weight decay for the weights) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set(g->dW2, j, k, 2.0 * reg * gsl_matrix_get(net->W2, j, k));
  gsl_vector_set_zero(g->db2);
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(g->dW1, k, j, 2.0 * reg * gsl_matrix_get(net->W1, k, j));
  gsl_vector_set_zero(g->db1);

  for (i = 0; i < N; i++)
  {
    /* output units */
    for (k = 0; k < C; k++)
    {
      double delta_out = gsl_matrix_get(cache->prob, i, k);
      if (k == y[i])
        delta_out = delta_out - 1.0;
      delta_out = delta_out / N;
      gsl_matrix_set(g->dz2, i, k, delta_out);
      gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + delta_out);
      for (j = 0; j < H; j++)
        gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
                       + gsl_matrix_get(cache->p1, i, j) * delta_out);
    }

    /* hidden units */
    for (j = 0; j < H; j++)
    {
      double err_hidden = 0.0, delta_hidden;
      for (k = 0; k < C; k++)
        err_hidden += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      gsl_matrix_set(g->dp1, i, j, err_hidden);

      delta_hidden = gsl_matrix_get(cache->z1, i, j) > 0 ? err_hidden : 0.0;
      gsl_matrix_set(g->dz1, i, j, delta_hidden);

      /* input -> hidden weights */
      for (k = 0; k < D; k++)
        gsl_matrix_set(g->dW1, k, j, gsl_matrix_get(g->dW1, k, j)
                       + gsl_matrix_get(X, i, k) * err_hidden);
      gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + err_hidden);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
