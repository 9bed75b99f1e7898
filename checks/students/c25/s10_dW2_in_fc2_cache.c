/*
 * Backward pass, two-layer MLP.   (ported from my layers.py)
 *
 *   fc2 cache = (p1, W2)      fc1 cache = (X, W1)      relu cache = z1
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct fc_cache
{
  const gsl_matrix *x;
  const gsl_matrix *w;
};

/* dscores = (softmax - onehot) / N */
static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t N = probs->size1;
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < probs->size2; j++)
      {
        double v = gsl_matrix_get (probs, i, j);
        if (j == y[i])
          v -= 1.0;
        gsl_matrix_set (dscores, i, j, v / (double) N);
      }
}

static void
fc_backward (const gsl_matrix *dout, const struct fc_cache *c,
             gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db)
{
  /* dw = x^T . dout */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, c->x, dout, 0.0, dw);
  /* db = sum over rows */
  for (size_t j = 0; j < dout->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dout, j);
      double s = 0;
      for (size_t i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (db, j, s);
    }
  /* dx = dout . w^T */
  if (dx)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, c->w, 0.0, dx);
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *dz)
{
  for (size_t i = 0; i < z->size1; i++)
    for (size_t j = 0; j < z->size2; j++)
      gsl_matrix_set (dz, i, j,
                      gsl_matrix_get (z, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0);
}

static void
l2_backward (const gsl_matrix *w, double reg, gsl_matrix *dw)
{
  for (size_t i = 0; i < w->size1; i++)
    for (size_t j = 0; j < w->size2; j++)
      *gsl_matrix_ptr (dw, i, j) += 2.0 * reg * gsl_matrix_get (w, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  struct fc_cache fc1 = { X, net->W1 };
  struct fc_cache fc2 = { cache->p1, g->dW2 };

  softmax_loss_backward (cache->prob, y, g->dz2);

  /* fc2: dW2 and db2 first, then dp1 */
  fc_backward (g->dz2, &fc2, NULL, g->dW2, g->db2);
  l2_backward (net->W2, reg, g->dW2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, fc2.w, 0.0, g->dp1);

  relu_backward (g->dp1, cache->z1, g->dz1);

  fc_backward (g->dz1, &fc1, NULL, g->dW1, g->db1);
  l2_backward (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
