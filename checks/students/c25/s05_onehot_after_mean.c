/* backward.c -- assignment 1, part 2 (two-layer net)
 *
 * layers: affine -> relu -> affine -> softmax
 * Each layer has a *_backward helper like in the python starter code.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* softmax + cross entropy.  dscores = probs, minus one at the right class,
 * averaged over the batch */
static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t N = probs->size1;
  size_t i;

  gsl_matrix_memcpy (dscores, probs);
  gsl_matrix_scale (dscores, 1.0 / N);      /* mean over the batch */
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
}

/* out = x*w + b */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx, gsl_matrix *dw,
                 gsl_vector *db)
{
  size_t i, j;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, dw);

  for (j = 0; j < dout->size2; j++)
    {
      double s = 0;
      for (i = 0; i < dout->size1; i++)
        s += gsl_matrix_get (dout, i, j);
      gsl_vector_set (db, j, s);
    }

  if (dx)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < dout->size1; i++)
    for (j = 0; j < dout->size2; j++)
      {
        if (gsl_matrix_get (x, i, j) > 0)
          gsl_matrix_set (dx, i, j, gsl_matrix_get (dout, i, j));
        else
          gsl_matrix_set (dx, i, j, 0);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores -> dz2 */
  softmax_loss_backward (cache->prob, y, g->dz2);

  /* second affine: dW2, db2, and dp1 for the layer below */
  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);

  /* relu */
  relu_backward (g->dp1, cache->z1, g->dz1);

  /* first affine */
  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);

  /* regularization: d/dW reg*W^2 = 2*reg*W */
  gsl_matrix *tmp = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (tmp, net->W2);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (g->dW2, tmp);
  gsl_matrix_free (tmp);

  tmp = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (tmp, net->W1);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (g->dW1, tmp);
  gsl_matrix_free (tmp);

  g->present = BP_GRADS_ALL;
  return 0;
}
