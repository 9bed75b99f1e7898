/* backward.c  -  homework 4
 *
 * Backward pass of the 2-layer network.
 * Every gradient is a loop nest.  First I set the gradient to zero,
 * then I add everything into it.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;      /* batch size */
  size_t D = X->size2;      /* input size */
  size_t H = net->H;        /* hidden size */
  size_t C = net->C;        /* number of classes */
  size_t n, d, h, c;        /* n = sample, d = input, h = hidden, c = class */

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  /* ----- scores_grad ----- */
  gsl_matrix_set_zero (g->dz2);                 /* set scores_grad to zero */
  for (n = 0; n < N; n++)                       /* for every sample */
    for (c = 0; c < C; c++)                     /* for every class */
      {
        double p = gsl_matrix_get (cache->prob, n, c);       /* probability */
        double t = (c == y[n]) ? 1.0 : 0.0;                  /* target */
        gsl_matrix_set (g->dz2, n, c, (p - t) / (double) N); /* (p - t) / N */
      }

  /* ----- W2_grad ----- */
  gsl_matrix_set_zero (g->dW2);                 /* set W2_grad to zero */
  for (h = 0; h < H; h++)                       /* for every hidden unit */
    for (c = 0; c < C; c++)                     /* for every class */
      {
        for (n = 0; n < N; n++)                 /* add up over the samples */
          {
            double a = gsl_matrix_get (cache->p1, n, h);
            double b = gsl_matrix_get (g->dz2, n, c);
            gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c) + a * b);
          }
        /* the regularization part */
        gsl_matrix_set (g->dW2, h, c,
                        gsl_matrix_get (g->dW2, h, c) + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
      }

  /* ----- b2_grad ----- */
  gsl_vector_set_zero (g->db2);                 /* set b2_grad to zero */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + gsl_matrix_get (g->dz2, n, c));

  /* ----- hidden_grad ----- */
  gsl_matrix_set_zero (g->dp1);                 /* set hidden_grad to zero */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      for (c = 0; c < C; c++)
        gsl_matrix_set (g->dp1, n, h, gsl_matrix_get (g->dp1, n, h)
                        + gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c));

  /* ----- relu_grad ----- */
  gsl_matrix_set_zero (g->dz1);                 /* set relu_grad to zero */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      if (gsl_matrix_get (cache->z1, n, h) > 0)  /* only where the relu was on */
        gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (g->dp1, n, h));

  /* ----- W1_grad ----- */
  gsl_matrix_set_zero (g->dW1);                 /* set W1_grad to zero */
  for (d = 0; d < D; d++)                       /* for every input */
    for (h = 0; h < H; h++)                     /* for every hidden unit */
      for (n = 0; n < N; n++)                   /* add up over the samples */
        {
          double a = gsl_matrix_get (X, n, d);
          double b = gsl_matrix_get (g->dz1, n, h);
          gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h) + a * b);
        }

  /* ----- b1_grad ----- */
  gsl_vector_set_zero (g->db1);                 /* set b1_grad to zero */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + gsl_matrix_get (g->dz1, n, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
