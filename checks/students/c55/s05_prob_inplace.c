/* backward.c -- backward pass of the two-layer net.
 *
 * Follows the numpy version of the lecture notes step by step:
 *   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 * then the two affine layers with dgemm and the ReLU in between.  */

#include <assert.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* P <- (P - onehot(y)) / N, in place.  P (N, C).  */
static void
softmax_xent_grad_inplace (gsl_matrix *P, const size_t *y)
{
  const size_t N = P->size1;
  size_t i;

  for (i = 0; i < N; i++)
    {
      assert (y[i] < P->size2);
      gsl_matrix_set (P, i, y[i], gsl_matrix_get (P, i, y[i]) - 1.0);
    }
  gsl_matrix_scale (P, 1.0 / (double) N);
}

/* dW = A' dZ + 2 reg W;  db = column sums of dZ.  */
static void
affine_param_grads (const gsl_matrix *A, const gsl_matrix *dZ,
                    const gsl_matrix *W, double reg,
                    gsl_matrix *dW, gsl_vector *db)
{
  size_t i;

  assert (A->size1 == dZ->size1 && db->size == dZ->size2);
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);

  gsl_vector_set_zero (db);
  for (i = 0; i < dZ->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (dZ, i);
      gsl_vector_add (db, &r.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_matrix *dscores;
  size_t i, j;

  assert (X->size1 == cache->N && g->N == cache->N);
  assert (X->size2 == net->D);

  /* dz2: the probabilities are not needed after this, no copy needed */
  dscores = (gsl_matrix *) cache->prob;
  softmax_xent_grad_inplace (dscores, y);
  gsl_matrix_memcpy (g->dz2, dscores);

  affine_param_grads (cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  for (i = 0; i < g->dz1->size1; i++)
    for (j = 0; j < g->dz1->size2; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  affine_param_grads (X, g->dz1, net->W1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
