/* backward.c
 * numpy -> C.  My helpers: transpose (A.T), dot (A.dot(B)), colsum
 * (A.sum(axis=0)).  For dhidden I used gsl_blas_dgemm with CblasTrans
 * directly, like the comment in the kit suggests.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* A.T : a (cols x rows) matrix with the same numbers (row-major, so the
 * k-th number of A is the k-th number of A.T) */
static gsl_matrix *
transpose (const gsl_matrix *A)
{
  size_t rows = A->size1, cols = A->size2, k;
  gsl_matrix *At = gsl_matrix_alloc (cols, rows);
  for (k = 0; k < rows * cols; k++)
    gsl_matrix_set (At, k / rows, k % rows, gsl_matrix_get (A, k / cols, k % cols));
  return At;
}

/* A.dot(B) */
static gsl_matrix *
dot (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc (A->size1, B->size2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, R);
  return R;
}

/* A.sum(axis=0) */
static gsl_vector *
colsum (const gsl_matrix *A)
{
  gsl_vector *s = gsl_vector_calloc (A->size2);
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_vector_set (s, j, gsl_vector_get (s, j) + gsl_matrix_get (A, i, j));
  return s;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = (probs - onehot) / N */
  gsl_matrix *onehot = gsl_matrix_calloc (N, net->C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);
  gsl_matrix *dscores = gsl_matrix_alloc (N, net->C);
  gsl_matrix_memcpy (dscores, cache->prob);
  gsl_matrix_sub (dscores, onehot);
  gsl_matrix_scale (dscores, 1.0 / N);

  /* grads_W2 = hidden.T.dot(dscores) + 2 reg W2 */
  gsl_matrix *hidden_T = transpose (cache->p1);
  gsl_matrix *grads_W2 = dot (hidden_T, dscores);
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (grads_W2, i, j, gsl_matrix_get (grads_W2, i, j)
                      + 2 * reg * gsl_matrix_get (net->W2, i, j));
  gsl_vector *grads_b2 = colsum (dscores);

  /* dhidden = dscores.dot(W2.T) */
  gsl_matrix *dhidden = gsl_matrix_alloc (N, net->H);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
  gsl_matrix_memcpy (g->dp1, dhidden);

  /* dhidden[z1 <= 0] = 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (dhidden, i, j, 0);

  /* grads_W1 = X.T.dot(dhidden) + 2 reg W1 */
  gsl_matrix *X_T = transpose (X);
  gsl_matrix *grads_W1 = dot (X_T, dhidden);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (grads_W1, i, j, gsl_matrix_get (grads_W1, i, j)
                      + 2 * reg * gsl_matrix_get (net->W1, i, j));
  gsl_vector *grads_b1 = colsum (dhidden);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_memcpy (g->dW2, grads_W2);
  gsl_vector_memcpy (g->db2, grads_b2);
  gsl_matrix_memcpy (g->dz1, dhidden);
  gsl_matrix_memcpy (g->dW1, grads_W1);
  gsl_vector_memcpy (g->db1, grads_b1);

  gsl_matrix_free (onehot);
  gsl_matrix_free (dscores);
  gsl_matrix_free (hidden_T);
  gsl_matrix_free (grads_W2);
  gsl_vector_free (grads_b2);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (X_T);
  gsl_matrix_free (grads_W1);
  gsl_vector_free (grads_b1);

  g->present = BP_GRADS_ALL;
  return 0;
}
