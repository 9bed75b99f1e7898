/* backward.c -- homework 4 (backpropagation)
 *
 * helper functions at the top, the backward pass at the bottom.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* adds the regularization gradient to W_grad
 * loss has reg * sum(W^2), so the gradient is reg * W */
static void
add_regularization (gsl_matrix *W_grad, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      {
        double old = gsl_matrix_get (W_grad, r, c);
        gsl_matrix_set (W_grad, r, c, old + reg * gsl_matrix_get (W, r, c));
      }
}

/* bias gradient = add up the rows of the upstream gradient */
static void
bias_grad (const gsl_matrix *upstream, gsl_vector *b_grad)
{
  size_t r, c;
  for (c = 0; c < upstream->size2; c++)
    {
      double total = 0;
      for (r = 0; r < upstream->size1; r++)
        total += gsl_matrix_get (upstream, r, c);
      gsl_vector_set (b_grad, c, total);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores_grad */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double value = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          value -= 1;
        gsl_matrix_set (g->dz2, i, j, value / N);
      }

  /* W2_grad = hidden^T scores_grad, then regularization */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_regularization (g->dW2, net->W2, reg);

  /* b2_grad */
  bias_grad (g->dz2, g->db2);

  /* hidden_grad = scores_grad W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu_grad: copy hidden_grad, then kill the ones where z1 <= 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0);

  /* W1_grad = X^T relu_grad, then regularization */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_regularization (g->dW1, net->W1, reg);

  /* b1_grad */
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
