/* backward.c -- HW3 two-layer net, ported from my numpy version.
 *
 * In the numpy homework the loss had 0.5 * reg * sum(W*W), here the loss is
 * reg * sum(W*W).  I write it as 0.5 * lam * sum(W*W) with lam = 2 * reg so
 * that I can keep my derivation: d/dW (0.5 * lam * W^2) = lam * W.
 *
 * numpy version:
 *   scores = hidden.dot(W2) + b2
 *   probs = exp(scores) / sum(exp(scores), axis=1, keepdims=True)
 *   dscores = (probs - onehot) / N
 *   grads['W2'] = hidden.T.dot(dscores) + lam * W2
 *   ...
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* np.dot with optional .T on either side, returns a new matrix */
static gsl_matrix *
matmul (const gsl_matrix *A, const gsl_matrix *B, int transA, int transB)
{
  size_t rows = transA ? A->size2 : A->size1;
  size_t cols = transB ? B->size1 : B->size2;
  gsl_matrix *out = gsl_matrix_alloc (rows, cols);
  gsl_blas_dgemm (transA ? CblasTrans : CblasNoTrans,
                  transB ? CblasTrans : CblasNoTrans,
                  1.0, A, B, 0.0, out);
  return out;
}

/* np.sum(A, axis=0) */
static gsl_vector *
sum_axis0 (const gsl_matrix *A)
{
  gsl_vector *s = gsl_vector_calloc (A->size2);
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_vector_set (s, j, gsl_vector_get (s, j) + gsl_matrix_get (A, i, j));
  return s;
}

/* (z > 0).astype(float) */
static gsl_matrix *
relu_grad (const gsl_matrix *z)
{
  gsl_matrix *m = gsl_matrix_alloc (z->size1, z->size2);
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (m, i, j, gsl_matrix_get (z, i, j) > 0 ? 1.0 : 0.0);
  return m;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t C = net->C;
  size_t i, j;
  double lam = 2.0 * reg;       /* loss = 0.5 * lam * (|W1|^2 + |W2|^2) */

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* probs = softmax(scores), again from z2 like in my notebook */
  gsl_matrix *probs = gsl_matrix_alloc (N, C);
  for (i = 0; i < N; i++)
    {
      double total = 0.0;
      for (j = 0; j < C; j++)
        {
          double e = exp (gsl_matrix_get (cache->z2, i, j));
          gsl_matrix_set (probs, i, j, e);
          total += e;
        }
      for (j = 0; j < C; j++)
        gsl_matrix_set (probs, i, j, gsl_matrix_get (probs, i, j) / total);
    }

  /* onehot = np.zeros((N, C)); onehot[range(N), y] = 1 */
  gsl_matrix *onehot = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);

  /* dscores = (probs - onehot) / N */
  gsl_matrix *dscores = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (dscores, probs);
  gsl_matrix_sub (dscores, onehot);
  gsl_matrix_scale (dscores, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* grads['W2'] = hidden.T.dot(dscores) + lam * W2 */
  gsl_matrix *grads_W2 = matmul (cache->p1, dscores, 1, 0);
  for (i = 0; i < grads_W2->size1; i++)
    for (j = 0; j < grads_W2->size2; j++)
      gsl_matrix_set (grads_W2, i, j, gsl_matrix_get (grads_W2, i, j)
                      + lam * gsl_matrix_get (net->W2, i, j));
  gsl_matrix_memcpy (g->dW2, grads_W2);

  /* grads['b2'] = np.sum(dscores, axis=0) */
  gsl_vector *grads_b2 = sum_axis0 (dscores);
  gsl_vector_memcpy (g->db2, grads_b2);

  /* dhidden = dscores.dot(W2.T) */
  gsl_matrix *dhidden = matmul (dscores, net->W2, 0, 1);
  gsl_matrix_memcpy (g->dp1, dhidden);

  /* dhidden *= (z1 > 0) */
  gsl_matrix *mask = relu_grad (cache->z1);
  gsl_matrix_mul_elements (dhidden, mask);
  gsl_matrix_memcpy (g->dz1, dhidden);

  /* grads['W1'] = X.T.dot(dhidden) + lam * W1 */
  gsl_matrix *grads_W1 = matmul (X, dhidden, 1, 0);
  for (i = 0; i < grads_W1->size1; i++)
    for (j = 0; j < grads_W1->size2; j++)
      gsl_matrix_set (grads_W1, i, j, gsl_matrix_get (grads_W1, i, j)
                      + lam * gsl_matrix_get (net->W1, i, j));
  gsl_matrix_memcpy (g->dW1, grads_W1);

  /* grads['b1'] = np.sum(dhidden, axis=0) */
  gsl_vector *grads_b1 = sum_axis0 (dhidden);
  gsl_vector_memcpy (g->db1, grads_b1);

  gsl_matrix_free (probs);
  gsl_matrix_free (onehot);
  gsl_matrix_free (dscores);
  gsl_matrix_free (grads_W2);
  gsl_vector_free (grads_b2);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (mask);
  gsl_matrix_free (grads_W1);
  gsl_vector_free (grads_b1);

  g->present = BP_GRADS_ALL;
  return 0;
}
