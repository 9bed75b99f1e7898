/* backward.c -- backward pass of the two-layer net, assignment 2.
 *
 * Every step is its own small function that returns a freshly allocated
 * matrix, so nothing gets overwritten by accident.  The results are copied
 * into g at the very end and then everything is freed again. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* A' B, a new matrix */
static gsl_matrix *
matmul_tn (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc (A->size2, B->size2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, R);
  return R;
}

/* A B', a new matrix */
static gsl_matrix *
matmul_nt (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc (A->size1, B->size1);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, R);
  return R;
}

/* A += s B */
static void
add_scaled (gsl_matrix *A, const gsl_matrix *B, double s)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j,
                      gsl_matrix_get (A, i, j) + s * gsl_matrix_get (B, i, j));
}

/* sum down the rows: one number per column */
static gsl_vector *
col_sums (const gsl_matrix *A)
{
  gsl_vector *s = gsl_vector_calloc (A->size2);
  size_t i;
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (s, &r.vector);
    }
  return s;
}

/* (softmax - onehot) / N */
static gsl_matrix *
softmax_grad (const gsl_matrix *prob, const size_t *y)
{
  size_t i, N = prob->size1;
  gsl_matrix *d = gsl_matrix_alloc (prob->size1, prob->size2);
  gsl_matrix_memcpy (d, prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (d, i, y[i], gsl_matrix_get (d, i, y[i]) - 1.0);
  gsl_matrix_scale (d, 1.0 / N);
  return d;
}

/* relu lets the gradient through where its input was positive */
static gsl_matrix *
relu_grad (const gsl_matrix *dp, const gsl_matrix *z)
{
  gsl_matrix *d = gsl_matrix_alloc (dp->size1, dp->size2);
  size_t i, j;
  for (i = 0; i < dp->size1; i++)
    for (j = 0; j < dp->size2; j++)
      gsl_matrix_set (d, i, j,
                      gsl_matrix_get (z, i, j) > 0 ? gsl_matrix_get (dp, i, j) : 0.0);
  return d;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_matrix *dz2, *dW2, *dp1, *dz1, *dW1;
  gsl_vector *db2, *db1;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  dz2 = softmax_grad (cache->prob, y);
  dW2 = matmul_tn (cache->p1, dz2);
  add_scaled (dW2, net->W2, 2 * reg);
  db2 = col_sums (dz2);
  dp1 = matmul_nt (dz2, net->W2);
  dz1 = relu_grad (dp1, cache->z1);
  dW1 = matmul_tn (X, dz1);
  add_scaled (dW1, net->W1, 2 * reg);
  db1 = col_sums (dz1);

  gsl_matrix_memcpy (g->dz2, dz2);
  gsl_matrix_memcpy (g->dW2, dW2);
  gsl_vector_memcpy (g->db2, db2);
  gsl_matrix_memcpy (g->dp1, dp1);
  gsl_matrix_memcpy (g->dz1, dz1);
  gsl_matrix_memcpy (g->dW1, dW1);
  gsl_vector_memcpy (g->db1, db1);

  gsl_matrix_free (dz2);
  gsl_matrix_free (dW2);
  gsl_vector_free (db2);
  gsl_matrix_free (dp1);
  gsl_matrix_free (dz1);
  gsl_matrix_free (dW1);
  gsl_vector_free (db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
