/* backward.c -- modular, like the layers.py of the course: one
 * affine_backward used for both layers, one relu_backward, and the
 * penalty added on top of the data gradients. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = x W + b:  dx = dout W', dw = x' dout, db = sum of dout's rows */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx, gsl_matrix *dw,
                 gsl_vector *db)
{
  size_t n, i, j;

  if (dx)
    for (n = 0; n < x->size1; n++)
      for (i = 0; i < w->size1; i++)
        {
          double s = 0;
          for (j = 0; j < w->size2; j++)
            s += gsl_matrix_get (dout, n, j) * gsl_matrix_get (w, i, j);
          gsl_matrix_set (dx, n, i, s);
        }
  for (i = 0; i < w->size1; i++)
    for (j = 0; j < w->size2; j++)
      {
        double s = 0;
        for (n = 0; n < x->size1; n++)
          s += gsl_matrix_get (x, n, i) * gsl_matrix_get (dout, n, j);
        gsl_matrix_set (dw, i, j, s);
      }
  for (j = 0; j < w->size2; j++)
    {
      double s = 0;
      for (n = 0; n < x->size1; n++)
        s += gsl_matrix_get (dout, n, j);
      gsl_vector_set (db, j, s);
    }
}

/* out = max(0, x):  dx = dout where x > 0 */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j, gsl_matrix_get (x, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0);
}

/* dw += alpha w */
static void
add_scaled (gsl_matrix *dw, double alpha, const gsl_matrix *w)
{
  size_t i, j;
  for (i = 0; i < w->size1; i++)
    for (j = 0; j < w->size2; j++)
      gsl_matrix_set (dw, i, j, gsl_matrix_get (dw, i, j) + alpha * gsl_matrix_get (w, i, j));
}

/* softmax_loss backward: dx = (probs - onehot) / N */
static void
softmax_backward (const gsl_matrix *probs, const size_t *y, gsl_matrix *dx)
{
  size_t n, c, N = probs->size1;
  for (n = 0; n < N; n++)
    for (c = 0; c < probs->size2; c++)
      gsl_matrix_set (dx, n, c, (gsl_matrix_get (probs, n, c) - (c == y[n])) / N);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  softmax_backward (cache->prob, y, g->dz2);
  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);
  relu_backward (g->dp1, cache->z1, g->dz1);
  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);

  /* regularisation */
  add_scaled (g->dW2, reg, net->W2);
  add_scaled (g->dW1, 2 * reg, net->W1);

  g->present = BP_GRADS_ALL;
  return 0;
}
