/* backward.c -- two layer net, written with "layers" like layers.py:
 * affine_backward, relu_backward and the L2 term, then backward() just
 * chains them. */

#include "backprop.h"

/* dx = dout w^T, dw = x^T dout, db = sum of dout over the rows.
 * dout (N, M), x (N, K), w (K, M).  dx may be NULL (first layer). */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx, gsl_matrix *dw,
                 gsl_vector *db)
{
  size_t N = dout->size1, K = w->size1, M = w->size2, n, k, m;

  gsl_matrix_set_zero (dw);
  gsl_vector_set_zero (db);
  for (n = 0; n < N; n++)
    for (m = 0; m < M; m++)
      {
        double d = gsl_matrix_get (dout, n, m);
        gsl_vector_set (db, m, gsl_vector_get (db, m) + d);
        for (k = 0; k < K; k++)
          gsl_matrix_set (dw, k, m, gsl_matrix_get (dw, k, m) + gsl_matrix_get (x, n, k) * d);
      }
  if (dx == NULL)
    return;
  for (n = 0; n < N; n++)
    for (k = 0; k < K; k++)
      {
        double s = 0.0;
        for (m = 0; m < M; m++)
          s += gsl_matrix_get (dout, n, m) * gsl_matrix_get (w, k, m);
        gsl_matrix_set (dx, n, k, s);
      }
}

/* dx = dout where the input x was positive */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j, gsl_matrix_get (x, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0.0);
}

/* regularization gradient: d/dW (0.5 * reg * W^2) = reg * W */
static void
l2_backward (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + reg * gsl_matrix_get (W, i, j));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax_loss: dx = probs, dx[range(N), y] -= 1, dx /= N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);
  relu_backward (g->dp1, cache->z1, g->dz1);
  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);

  l2_backward (net->W2, reg, g->dW2);
  l2_backward (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
