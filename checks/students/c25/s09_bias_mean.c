/* backward.c - HW3 two layer network
 *
 * chain:  dz2 -> (dW2, db2, dp1) -> dz1 -> (dW1, db1)
 *
 * notes to self:
 *   - the loss is the MEAN over the batch, so things that are shared by all
 *     samples get averaged
 *   - reg has no 1/2 here -> 2*reg*W
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define DEBUG 0

static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t N = probs->size1, i;
  gsl_matrix_memcpy (dscores, probs);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (dscores, i, y[i]) -= 1;
  gsl_matrix_scale (dscores, 1.0 / N);
}

/* affine layer backward.
 * x (N,in), w (in,out), dout (N,out)
 * dx = dout w^T, dw = x^T dout + 2 reg w, db = bias grad */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, double reg,
                 gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db)
{
  size_t n = dout->size1, i, j;

  gsl_matrix_memcpy (dw, w);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 2 * reg, dw);

  /* bias is shared by all n samples */
  for (j = 0; j < dout->size2; j++)
    {
      double s = 0;
      for (i = 0; i < n; i++)
        s += gsl_matrix_get (dout, i, j);
      gsl_vector_set (db, j, s / n);
    }

  if (dx)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j,
                      gsl_matrix_get (dout, i, j) * (gsl_matrix_get (x, i, j) > 0));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_loss_backward (cache->prob, y, g->dz2);
  affine_backward (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);
  relu_backward (g->dp1, cache->z1, g->dz1);
  affine_backward (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

#if DEBUG
  fprintf (stderr, "db2[0] = %g  db1[0] = %g\n",
           gsl_vector_get (g->db2, 0), gsl_vector_get (g->db1, 0));
#endif

  g->present = BP_GRADS_ALL;
  return 0;
}
