/* Homework 3: backward pass
 * by Hannah Becker
 *
 * python version (mine, from last week):
 *   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 *   dW2 = h.T.dot(dscores) + 2*reg*W2 ; db2 = dscores.sum(0)
 *   dh = dscores.dot(W2.T); dh = dh * relu_deriv ; ...
 */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = a * b elementwise (np.multiply) */
static void
multiply (const gsl_matrix *a, const gsl_matrix *b, gsl_matrix *out)
{
  gsl_matrix_memcpy (out, a);
  gsl_matrix_mul_elements (out, b);
}

/* out = A.sum(0) */
static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector_set_zero (out);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_vector_set (out, j, gsl_vector_get (out, j) + gsl_matrix_get (A, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2 * reg, g->dW2);
  sum_rows (g->dz2, g->db2);

  /* dh */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);

  /* relu derivative: the relu output is what went forward, so
     multiply the upstream grad by it */
  multiply (g->dp1, cache->p1, g->dz1);

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                  2 * reg, g->dW1);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
