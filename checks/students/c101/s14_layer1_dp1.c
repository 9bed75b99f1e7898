/* backward.c  (retake, group B)
 *
 * One function for an affine layer, called twice.  Last year I wrote the
 * two layers separately and they came out different.  Now they cannot.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* given dout = dL/d(out) for out = in W + b:
 *   dW = in^T dout + 2 reg W
 *   db = column sums of dout
 *   din = dout W^T, if din is not NULL */
static void
affine_layer_backward (const gsl_matrix *dout, const gsl_matrix *in,
                       const gsl_matrix *W, double reg,
                       gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
  size_t i, j;

  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);

  for (j = 0; j < dout->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < dout->size1; i++)
        s += gsl_matrix_get (dout, i, j);
      gsl_vector_set (db, j, s);
    }

  if (din)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

static void
relu_layer_backward (const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *dz)
{
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (dz, i, j, gsl_matrix_get (z, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax loss */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* layer 2: scores = p1 W2 + b2 */
  affine_layer_backward (g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2, g->dp1);

  /* relu */
  relu_layer_backward (g->dp1, cache->z1, g->dz1);

  /* layer 1: z1 = X W1 + b1, gradient coming from the layer above */
  affine_layer_backward (g->dp1, X, net->W1, reg, g->dW1, g->db1, NULL);

  g->present = BP_GRADS_ALL;
  return 0;
}
