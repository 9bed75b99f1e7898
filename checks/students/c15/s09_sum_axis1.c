/* backward.c
 * two-layer fully-connected net, softmax loss + L2 -- backward pass
 * (CS231n assignment 1, redone in C for the systems course)
 *
 * np_* helpers mimic the numpy calls one for one.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* np.dot(A, B) with optional transposes, into out (overwritten) */
static void
np_dot (const gsl_matrix *A, CBLAS_TRANSPOSE_t tA,
        const gsl_matrix *B, CBLAS_TRANSPOSE_t tB, gsl_matrix *out)
{
  gsl_blas_dgemm (tA, tB, 1.0, A, B, 0.0, out);
}

/* out = np.sum(A, axis=axis)
 *   axis=0: sum down the rows    -> one value per column
 *   axis=1: sum along each row   -> one value per row
 * out must already have the right length; never writes past it. */
static void
np_sum (const gsl_matrix *A, int axis, gsl_vector *out)
{
  size_t i, j;
  gsl_vector_set_zero (out);
  if (axis == 0)
    {
      for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2 && j < out->size; j++)
          *gsl_vector_ptr (out, j) += gsl_matrix_get (A, i, j);
    }
  else
    {
      for (i = 0; i < A->size1 && i < out->size; i++)
        for (j = 0; j < A->size2; j++)
          *gsl_vector_ptr (out, i) += gsl_matrix_get (A, i, j);
    }
}

/* out += 2 * reg * W */
static void
l2_grad (gsl_matrix *out, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      *gsl_matrix_ptr (out, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  /* dscores = probs */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  /* dscores /= N */
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2 */
  np_dot (cache->p1, CblasTrans, g->dz2, CblasNoTrans, g->dW2);
  l2_grad (g->dW2, net->W2, reg);

  /* grads['b2'] = np.sum(dscores, axis=0) */
  np_sum (g->dz2, 1, g->db2);

  /* dhidden = np.dot(dscores, W2.T) */
  np_dot (g->dz2, CblasNoTrans, net->W2, CblasTrans, g->dp1);

  /* dhidden[hidden_layer <= 0] = 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->p1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
  np_dot (X, CblasTrans, g->dz1, CblasNoTrans, g->dW1);
  l2_grad (g->dW1, net->W1, reg);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  np_sum (g->dz1, 0, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
