/* backward.c -- my numpy backward pass, function by function.
 *
 *   def relu_backward(x, dout):     # x is the input of the relu
 *       return dout * (x > 0)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* x.T.dot(dout) */
static gsl_matrix *
matmul_TN (const gsl_matrix *x, const gsl_matrix *dout)
{
  gsl_matrix *r = gsl_matrix_alloc (x->size2, dout->size2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, r);
  return r;
}

/* dout.dot(w.T) */
static gsl_matrix *
matmul_NT (const gsl_matrix *dout, const gsl_matrix *w)
{
  gsl_matrix *r = gsl_matrix_alloc (dout->size1, w->size1);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, r);
  return r;
}

/* relu_backward(x, dout) = dout * (x > 0) */
static gsl_matrix *
relu_backward (const gsl_matrix *x, const gsl_matrix *dout)
{
  gsl_matrix *dx = gsl_matrix_alloc (x->size1, x->size2);
  for (size_t i = 0; i < x->size1; i++)
    for (size_t j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j, gsl_matrix_get (x, i, j) > 0
                      ? gsl_matrix_get (dout, i, j) : 0.0);
  return dx;
}

static gsl_vector *
sum_axis0 (const gsl_matrix *A)
{
  gsl_vector *s = gsl_vector_calloc (A->size2);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_vector_set (s, j, gsl_vector_get (s, j) + gsl_matrix_get (A, i, j));
  return s;
}

/* A += alpha * B */
static void
add_inplace (gsl_matrix *A, const gsl_matrix *B, double alpha)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j) + alpha * gsl_matrix_get (B, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* onehot */
  gsl_matrix *onehot = gsl_matrix_calloc (N, net->C);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);

  /* dscores = (probs - onehot) / N */
  gsl_matrix *dscores = gsl_matrix_alloc (N, net->C);
  gsl_matrix_memcpy (dscores, cache->prob);
  add_inplace (dscores, onehot, -1.0);
  gsl_matrix_scale (dscores, 1.0 / N);

  gsl_matrix *grads_W2 = matmul_TN (cache->p1, dscores);
  add_inplace (grads_W2, net->W2, 2 * reg);
  gsl_vector *grads_b2 = sum_axis0 (dscores);

  gsl_matrix *dhidden = matmul_NT (dscores, net->W2);
  gsl_matrix *dz1 = relu_backward (dhidden, cache->z1);

  gsl_matrix *grads_W1 = matmul_TN (X, dz1);
  add_inplace (grads_W1, net->W1, 2 * reg);
  gsl_vector *grads_b1 = sum_axis0 (dz1);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_memcpy (g->dW2, grads_W2);
  gsl_vector_memcpy (g->db2, grads_b2);
  gsl_matrix_memcpy (g->dp1, dhidden);
  gsl_matrix_memcpy (g->dz1, dz1);
  gsl_matrix_memcpy (g->dW1, grads_W1);
  gsl_vector_memcpy (g->db1, grads_b1);

  gsl_matrix_free (onehot);
  gsl_matrix_free (dscores);
  gsl_matrix_free (grads_W2);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (dz1);
  gsl_matrix_free (grads_W1);

  g->present = BP_GRADS_ALL;
  return 0;
}
