/* backward.c -- backprop for the two layer net, HW1
 *
 * I wrote one helper per kind of layer, like the modular layers in the
 * lecture (affine_backward / relu_backward), and the main function just
 * strings them together.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* softmax + cross entropy: dscores = (probs - onehot) / N */
static void
softmax_grad (const gsl_matrix *probs, const size_t *labels, gsl_matrix *dscores)
{
  size_t n = probs->size1;
  gsl_matrix_memcpy (dscores, probs);
  for (size_t i = 0; i < n; i++)
    gsl_matrix_set (dscores, i, labels[i], gsl_matrix_get (dscores, i, labels[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / (double) n);
}

/* weight gradient of an affine layer: dW = in^T dout + 2 reg W */
static void
affine_dW (const gsl_matrix *in, const gsl_matrix *dout, const gsl_matrix *W,
           double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);
}

/* bias gradient of an affine layer: db = column sums of dout */
static void
affine_db (const gsl_matrix *dout, gsl_vector *db)
{
  gsl_vector_set_zero (db);
  for (size_t i = 0; i < dout->size1; i++)
    for (size_t j = 0; j < dout->size2; j++)
      *gsl_vector_ptr (db, j) += gsl_matrix_get (dout, i, j);
}

/* input gradient of an affine layer: din = dout W^T */
static void
affine_dx (const gsl_matrix *dout, const gsl_matrix *W, gsl_matrix *din)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

/* relu: din = dout where the forward input was > 0 */
static void
relu_back (const gsl_matrix *dout, const gsl_matrix *fwd_in, gsl_matrix *din)
{
  for (size_t i = 0; i < dout->size1; i++)
    for (size_t j = 0; j < dout->size2; j++)
      gsl_matrix_set (din, i, j, gsl_matrix_get (fwd_in, i, j) > 0.0
                                 ? gsl_matrix_get (dout, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_grad (cache->prob, y, g->dz2);

  /* layer 2 */
  affine_dW (cache->p1, g->dz2, net->W2, reg, g->dW2);
  affine_db (g->dz2, g->db2);
  affine_dx (g->dz2, net->W2, g->dp1);

  /* relu */
  relu_back (g->dp1, cache->z1, g->dz1);

  /* layer 1 (no dx needed, X is the input) */
  affine_dW (X, g->dz1, net->W1, reg, g->dW1);
  affine_db (g->dp1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
