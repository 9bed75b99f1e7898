/* backward.c -- two-layer net, backward pass.
 *
 * Layers, in the order of the forward pass:
 *   affine(X, W1, b1) -> relu -> affine(., W2, b2) -> softmax loss
 * and backward() undoes them from the end.  The relu backward works in
 * place (it only zeroes entries), so no extra matrix is needed for it. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* what a fully connected layer remembers from forward */
struct fc_cache
{
  const gsl_matrix *in;
  const gsl_matrix *W;
};

static void
softmax_loss_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz)
{
  size_t n, k;
  double scale = 1.0 / prob->size1;

  for (n = 0; n < prob->size1; n++)
    for (k = 0; k < prob->size2; k++)
      {
        double v = gsl_matrix_get (prob, n, k);
        if (k == y[n])
          v -= 1.0;
        gsl_matrix_set (dz, n, k, scale * v);
      }
}

static void
affine_backward (const gsl_matrix *dout, const struct fc_cache *c, double reg,
                 gsl_matrix *din, gsl_matrix *dW, gsl_vector *db)
{
  size_t n, k;

  /* dW = in' dout + 2 reg W */
  gsl_matrix_memcpy (dW, c->W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, c->in, dout, 2.0 * reg, dW);

  /* db */
  for (k = 0; k < dout->size2; k++)
    {
      double s = 0.0;
      for (n = 0; n < dout->size1; n++)
        s += gsl_matrix_get (dout, n, k);
      gsl_vector_set (db, k, s);
    }

  /* din = dout W' */
  if (din != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, c->W, 0.0, din);
}

/* dx <- dx * [z > 0], in place */
static void
relu_backward (gsl_matrix *dx, const gsl_matrix *z)
{
  size_t n, k;

  for (n = 0; n < z->size1; n++)
    {
      double *row = gsl_matrix_ptr (dx, n, 0);
      for (k = 0; k < z->size2; k++)
        if (!(gsl_matrix_get (z, n, k) > 0.0))
          row[k] = 0.0;
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct fc_cache fc1 = { X, net->W1 };
  struct fc_cache fc2 = { cache->p1, net->W2 };

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_loss_backward (cache->prob, y, g->dz2);
  affine_backward (g->dz2, &fc2, reg, g->dp1, g->dW2, g->db2);

  /* through the relu */
  relu_backward (g->dp1, cache->z1);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  affine_backward (g->dz1, &fc1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
