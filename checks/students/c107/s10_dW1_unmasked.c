/* backward.c -- backward pass of the two-layer network.
   Translated from my numpy solution; the comments are the numpy lines.  */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B, i.e. A.T.dot(B) */
static void
matmul_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

/* np.sum(A, axis=0) */
static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t i;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_blas_daxpy (1.0, &r.vector, out);
    }
}

/* dx = dout * (x > 0) */
static void
relu_grad (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j,
                      gsl_matrix_get (x, i, j) > 0
                      ? gsl_matrix_get (dout, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i;
  gsl_matrix *dscores, *dhidden;

  /* dscores = probs.copy() */
  dscores = gsl_matrix_alloc (N, net->C);
  gsl_matrix_memcpy (dscores, cache->prob);
  /* dscores[range(N), y] -= 1 ; dscores /= N */
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* grads['W2'] = hidden.T.dot(dscores) + 2 * reg * W2 */
  matmul_tn (cache->p1, dscores, g->dW2);
  {
    gsl_matrix *r = gsl_matrix_alloc (net->H, net->C);
    gsl_matrix_memcpy (r, net->W2);
    gsl_matrix_scale (r, 2.0 * reg);
    gsl_matrix_add (g->dW2, r);
    gsl_matrix_free (r);
  }
  /* grads['b2'] = dscores.sum(axis=0) */
  sum_rows (dscores, g->db2);

  /* dhidden = dscores.dot(W2.T) */
  dhidden = gsl_matrix_alloc (N, net->H);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0,
                  dhidden);
  gsl_matrix_memcpy (g->dp1, dhidden);

  /* dhidden[hidden <= 0] = 0 */
  relu_grad (dhidden, cache->z1, g->dz1);

  /* grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1 */
  matmul_tn (X, dhidden, g->dW1);
  {
    gsl_matrix *r = gsl_matrix_alloc (net->D, net->H);
    gsl_matrix_memcpy (r, net->W1);
    gsl_matrix_scale (r, 2.0 * reg);
    gsl_matrix_add (g->dW1, r);
    gsl_matrix_free (r);
  }
  /* grads['b1'] = dhidden.sum(axis=0) */
  sum_rows (g->dz1, g->db1);

  gsl_matrix_free (dscores);
  gsl_matrix_free (dhidden);
  g->present = BP_GRADS_ALL;
  return 0;
}
