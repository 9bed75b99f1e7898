/* Two-layer net: backward pass
 *
 * softmax_loss_backward -> affine_backward -> relu_backward -> affine_backward
 * (dx may alias dout in relu_backward, I use that to save a copy)
 */

#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t N = probs->size1;
  gsl_matrix_memcpy (dscores, probs);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1);
  gsl_matrix_scale (dscores, 1.0 / N);
}

static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx, gsl_matrix *dw,
                 gsl_vector *db)
{
  gsl_vector *ones = gsl_vector_alloc (dout->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, dout, ones, 0.0, db);
  gsl_vector_free (ones);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, dw);
  if (dx)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);
}

/* the gradient passes only where relu was "on" */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  if (dx != dout)
    gsl_matrix_memcpy (dx, dout);
  for (size_t i = 0; i < dx->size1; i++)
    for (size_t j = 0; j < dx->size2; j++)
      if (gsl_matrix_get (x, i, j) <= 0)
        gsl_matrix_set (dx, i, j, 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_loss_backward (cache->prob, y, g->dz2);

  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);

  relu_backward (g->dp1, g->dp1, g->dz1);

  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);

  /* reg: loss = ... + reg*sum(W^2)  ->  + 2 reg W */
  gsl_matrix *t2 = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (t2, net->W2);
  gsl_matrix_scale (t2, 2 * reg);
  gsl_matrix_add (g->dW2, t2);
  gsl_matrix_free (t2);

  gsl_matrix *t1 = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (t1, net->W1);
  gsl_matrix_scale (t1, 2 * reg);
  gsl_matrix_add (g->dW1, t1);
  gsl_matrix_free (t1);

  g->present = BP_GRADS_ALL;
  return 0;
}
