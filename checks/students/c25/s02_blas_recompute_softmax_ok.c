/*
 * HW2 - two layer net backward (C port of my numpy version)
 * name: J. Okafor
 *
 * I don't trust the cached probabilities after the overflow problem I had
 * in the forward pass, so the softmax is recomputed here from the scores
 * with the row max subtracted first.  Matrix products go through
 * gsl_blas_dgemm.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* what an affine layer needs to remember for its backward */
typedef struct
{
  const gsl_matrix *x;   /* input  (N, in)  */
  const gsl_matrix *w;   /* weight (in, out) */
} affine_cache_t;

static void
softmax_rows (const gsl_matrix *scores, gsl_matrix *out)
{
  for (size_t i = 0; i < scores->size1; i++)
    {
      double mx = gsl_matrix_get (scores, i, 0);
      for (size_t j = 1; j < scores->size2; j++)
        if (gsl_matrix_get (scores, i, j) > mx)
          mx = gsl_matrix_get (scores, i, j);
      double sum = 0.0;
      for (size_t j = 0; j < scores->size2; j++)
        {
          double e = exp (gsl_matrix_get (scores, i, j) - mx);
          gsl_matrix_set (out, i, j, e);
          sum += e;
        }
      for (size_t j = 0; j < scores->size2; j++)
        gsl_matrix_set (out, i, j, gsl_matrix_get (out, i, j) / sum);
    }
}

/* dscores = (softmax(scores) - 1[y]) / N */
static void
softmax_loss_backward (const gsl_matrix *scores, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t N = scores->size1;
  softmax_rows (scores, dscores);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / N);
}

static void
affine_backward (const gsl_matrix *dout, const affine_cache_t *c,
                 gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db)
{
  if (dw)
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, c->x, dout, 0.0, dw);
  if (db)
    {
      gsl_vector_set_zero (db);
      for (size_t i = 0; i < dout->size1; i++)
        {
          gsl_vector_const_view r = gsl_matrix_const_row (dout, i);
          gsl_vector_add (db, &r.vector);
        }
    }
  if (dx)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, c->w, 0.0, dx);
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  for (size_t i = 0; i < x->size1; i++)
    for (size_t j = 0; j < x->size2; j++)
      {
        double v = 0.0;
        if (gsl_matrix_get (x, i, j) > 0)
          v = gsl_matrix_get (dout, i, j);
        gsl_matrix_set (dx, i, j, v);
      }
}

/* dW += 2*reg*W   (the loss has reg*sum(W^2), no 0.5) */
static void
l2_backward (const gsl_matrix *w, double reg, gsl_matrix *dw)
{
  for (size_t i = 0; i < w->size1; i++)
    for (size_t j = 0; j < w->size2; j++)
      gsl_matrix_set (dw, i, j,
                      gsl_matrix_get (dw, i, j) + 2 * reg * gsl_matrix_get (w, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  affine_cache_t fc1 = { X, net->W1 };
  affine_cache_t fc2 = { cache->p1, net->W2 };

  softmax_loss_backward (cache->z2, y, g->dz2);            /* dz2 */
  affine_backward (g->dz2, &fc2, g->dp1, g->dW2, g->db2);  /* dp1 dW2 db2 */
  l2_backward (net->W2, reg, g->dW2);
  relu_backward (g->dp1, cache->z1, g->dz1);                /* dz1 */
  affine_backward (g->dz1, &fc1, NULL, g->dW1, g->db1);    /* dW1 db1 */
  l2_backward (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
