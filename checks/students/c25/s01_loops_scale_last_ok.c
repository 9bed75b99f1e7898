/* backward.c -- two layer net, backward pass
 * CS 231 style: every layer gets its own little backward helper.
 *
 * I leave the 1/N out while going backwards and apply it to everything
 * at the very end (it's linear so it commutes with all the layers).  The
 * reg term is added after the scaling because it is not averaged.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dscores = probs - onehot(y)   (NOT divided by N yet) */
static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t i, j;
  for (i = 0; i < probs->size1; i++)
    for (j = 0; j < probs->size2; j++)
      {
        double p = gsl_matrix_get (probs, i, j);
        if (j == y[i])
          p -= 1.0;
        gsl_matrix_set (dscores, i, j, p);
      }
}

/* out = x w + b  ->  dx = dout w^T, dw = x^T dout, db = sum over rows */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx, gsl_matrix *dw,
                 gsl_vector *db)
{
  size_t n = dout->size1, m = dout->size2, k = x->size2;
  size_t i, j, l;

  if (dw)
    for (l = 0; l < k; l++)
      for (j = 0; j < m; j++)
        {
          double s = 0.0;
          for (i = 0; i < n; i++)
            s += gsl_matrix_get (x, i, l) * gsl_matrix_get (dout, i, j);
          gsl_matrix_set (dw, l, j, s);
        }

  if (db)
    for (j = 0; j < m; j++)
      {
        double s = 0.0;
        for (i = 0; i < n; i++)
          s += gsl_matrix_get (dout, i, j);
        gsl_vector_set (db, j, s);
      }

  if (dx)
    for (i = 0; i < n; i++)
      for (l = 0; l < k; l++)
        {
          double s = 0.0;
          for (j = 0; j < m; j++)
            s += gsl_matrix_get (dout, i, j) * gsl_matrix_get (w, l, j);
          gsl_matrix_set (dx, i, l, s);
        }
}

/* relu: pass the gradient where the input was positive */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j,
                      gsl_matrix_get (x, i, j) > 0.0
                      ? gsl_matrix_get (dout, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  double invN;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  /* unscaled backward pass */
  softmax_loss_backward (cache->prob, y, g->dz2);
  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);
  relu_backward (g->dp1, cache->z1, g->dz1);
  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);

  /* now the 1/N for everything */
  gsl_matrix_scale (g->dz2, invN);
  gsl_matrix_scale (g->dp1, invN);
  gsl_matrix_scale (g->dz1, invN);
  gsl_matrix_scale (g->dW2, invN);
  gsl_matrix_scale (g->dW1, invN);
  gsl_vector_scale (g->db2, invN);
  gsl_vector_scale (g->db1, invN);

  /* + d/dW of reg*|W|^2 = 2 reg W */
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W2, i, j));
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
