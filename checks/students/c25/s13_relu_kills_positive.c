/* backward.c   -- two layer net, hand written backprop
 *
 * Student: A. Ferreira
 *
 * The derivative of relu is 0 on one side of zero and 1 on the other, so
 * relu_backward copies the upstream gradient on one side and writes 0 on
 * the other.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t i, j;
  size_t N = probs->size1;
  double invN = 1.0 / (double) N;

  for (i = 0; i < N; i++)
    for (j = 0; j < probs->size2; j++)
      {
        double d = gsl_matrix_get (probs, i, j);
        if (j == y[i])
          d = d - 1.0;
        gsl_matrix_set (dscores, i, j, d * invN);
      }
}

static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx, gsl_matrix *dw,
                 gsl_vector *db)
{
  size_t i, j, k;

  /* dw */
  for (k = 0; k < x->size2; k++)
    for (j = 0; j < dout->size2; j++)
      {
        double s = 0;
        for (i = 0; i < x->size1; i++)
          s += gsl_matrix_get (x, i, k) * gsl_matrix_get (dout, i, j);
        gsl_matrix_set (dw, k, j, s);
      }
  /* db */
  gsl_vector_set_zero (db);
  for (i = 0; i < dout->size1; i++)
    for (j = 0; j < dout->size2; j++)
      gsl_vector_set (db, j, gsl_vector_get (db, j) + gsl_matrix_get (dout, i, j));
  /* dx */
  if (dx == NULL)
    return;
  for (i = 0; i < dout->size1; i++)
    for (k = 0; k < w->size1; k++)
      {
        double s = 0;
        for (j = 0; j < dout->size2; j++)
          s += gsl_matrix_get (dout, i, j) * gsl_matrix_get (w, k, j);
        gsl_matrix_set (dx, i, k, s);
      }
}

/* relu'(x) ... */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      {
        if (gsl_matrix_get (x, i, j) < 0)
          gsl_matrix_set (dx, i, j, gsl_matrix_get (dout, i, j));
        else
          gsl_matrix_set (dx, i, j, 0.0);
      }
}

static void
l2_backward (const gsl_matrix *w, double reg, gsl_matrix *dw)
{
  size_t i, j;
  for (i = 0; i < w->size1; i++)
    for (j = 0; j < w->size2; j++)
      gsl_matrix_set (dw, i, j, gsl_matrix_get (dw, i, j)
                      + 2.0 * reg * gsl_matrix_get (w, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_loss_backward (cache->prob, y, g->dz2);          /* dz2 */
  affine_backward (g->dz2, cache->p1, net->W2,
                   g->dp1, g->dW2, g->db2);                /* dp1, dW2, db2 */
  l2_backward (net->W2, reg, g->dW2);
  relu_backward (g->dp1, cache->z1, g->dz1);               /* dz1 */
  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);  /* dW1, db1 */
  l2_backward (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
