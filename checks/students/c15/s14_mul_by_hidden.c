/*
 * backward.c  (two_layer_net, CS231n a1 -> C with GSL)
 *
 * Everything done with whole-matrix GSL calls, no index loops except for
 * the labels.  numpy line -> GSL call(s).
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* np.sum(A, axis=0) via a row of ones */
static int
colsum (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector *ones = gsl_vector_alloc (A->size1);
  if (!ones)
    return 1;
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, ones, 0.0, out);
  gsl_vector_free (ones);
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i;
  gsl_matrix *reg_W = NULL;

  /* dscores = probs */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  /* dscores /= N */
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  reg_W = gsl_matrix_alloc (net->H, net->C);
  if (!reg_W)
    return 1;
  gsl_matrix_memcpy (reg_W, net->W2);
  gsl_matrix_scale (reg_W, 2.0 * reg);
  gsl_matrix_add (g->dW2, reg_W);
  gsl_matrix_free (reg_W);

  /* grads['b2'] = np.sum(dscores, axis=0) */
  if (colsum (g->dz2, g->db2))
    return 1;

  /* dhidden = np.dot(dscores, W2.T) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dhidden *= (hidden_layer > 0)      [relu backward] */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, cache->p1);

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  reg_W = gsl_matrix_alloc (net->D, net->H);
  if (!reg_W)
    return 1;
  gsl_matrix_memcpy (reg_W, net->W1);
  gsl_matrix_scale (reg_W, 2.0 * reg);
  gsl_matrix_add (g->dW1, reg_W);
  gsl_matrix_free (reg_W);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  if (colsum (g->dz1, g->db1))
    return 1;

  g->present = BP_GRADS_ALL;
  return 0;
}
