/* backward.c -- NN course, assignment 1 (C version of two_layer_net)
 * R. Castellanos
 *
 * One backward per layer.  The relu backward works in place (dx may be the
 * same matrix as dout), like the in-place ops in numpy: dout[x <= 0] = 0.
 */

#include <gsl/gsl_cblas.h>
#include "backprop.h"

/* --- softmax + log loss ------------------------------------------------ */
static void
loss_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dscores)
{
  size_t i, j;
  const size_t N = prob->size1, C = prob->size2;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (dscores, i, j, gsl_matrix_get (prob, i, j) / (double) N);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i],
                    gsl_matrix_get (dscores, i, y[i]) - 1.0 / (double) N);
}

/* --- affine: dx = dout w^T, dw = x^T dout + 2 reg w, db = sum_rows dout  */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, double reg,
                 gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db)
{
  size_t i, j;

  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans,
               (int) x->size2, (int) dout->size2, (int) x->size1,
               1.0, x->data, (int) x->tda, dout->data, (int) dout->tda,
               0.0, dw->data, (int) dw->tda);
  for (i = 0; i < w->size1; i++)
    for (j = 0; j < w->size2; j++)
      *gsl_matrix_ptr (dw, i, j) += 2.0 * reg * gsl_matrix_get (w, i, j);

  for (j = 0; j < dout->size2; j++)
    {
      double acc = 0.0;
      for (i = 0; i < dout->size1; i++)
        acc += gsl_matrix_get (dout, i, j);
      gsl_vector_set (db, j, acc);
    }

  if (dx)
    cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans,
                 (int) dout->size1, (int) w->size1, (int) dout->size2,
                 1.0, dout->data, (int) dout->tda, w->data, (int) w->tda,
                 0.0, dx->data, (int) dx->tda);
}

/* --- relu: dx = dout where x > 0.  dx may alias dout. ------------------- */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      if (gsl_matrix_get (x, i, j) > 0.0)
        gsl_matrix_set (dx, i, j, gsl_matrix_get (dout, i, j));
      else
        gsl_matrix_set (dx, i, j, 0.0);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  loss_backward (cache->prob, y, g->dz2);

  affine_backward (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);

  relu_backward (g->dp1, cache->z1, g->dp1);     /* in place */
  gsl_matrix_memcpy (g->dz1, g->dp1);

  affine_backward (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
