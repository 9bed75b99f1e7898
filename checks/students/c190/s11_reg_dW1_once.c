/* backward.c -- assignment 2, part 3 (backward pass)
 *
 * dW = X^T dZ + d/dW (reg |W|^2)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *
matmul_tn (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_calloc (A->size2, B->size2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, R);
  return R;
}

static gsl_matrix *
matmul_nt (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_calloc (A->size1, B->size1);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, R);
  return R;
}

/* A <- A + s*B */
static void
add_scaled (gsl_matrix *A, const gsl_matrix *B, double s)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      *gsl_matrix_ptr (A, i, j) += s * gsl_matrix_get (B, i, j);
}

static gsl_vector *
batch_sum (const gsl_matrix *A)
{
  gsl_vector *v = gsl_vector_calloc (A->size2);
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      *gsl_vector_ptr (v, j) += gsl_matrix_get (A, i, j);
  return v;
}

static gsl_matrix *
relu_backward (const gsl_matrix *dA, const gsl_matrix *Z)
{
  gsl_matrix *dZ = gsl_matrix_calloc (dA->size1, dA->size2);
  size_t i, j;
  for (i = 0; i < dA->size1; i++)
    for (j = 0; j < dA->size2; j++)
      if (gsl_matrix_get (Z, i, j) > 0)
        gsl_matrix_set (dZ, i, j, gsl_matrix_get (dA, i, j));
  return dZ;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t n;
  gsl_matrix *dZ2 = gsl_matrix_alloc (N, net->C);

  gsl_matrix_memcpy (dZ2, cache->prob);
  for (n = 0; n < N; n++)
    *gsl_matrix_ptr (dZ2, n, y[n]) -= 1.0;
  gsl_matrix_scale (dZ2, 1.0 / (double) N);

  gsl_matrix *dW2 = matmul_tn (cache->p1, dZ2);
  add_scaled (dW2, net->W2, 2 * reg);
  gsl_vector *db2 = batch_sum (dZ2);

  gsl_matrix *dA1 = matmul_nt (dZ2, net->W2);
  gsl_matrix *dZ1 = relu_backward (dA1, cache->z1);

  gsl_matrix *dW1 = matmul_tn (X, dZ1);
  add_scaled (dW1, net->W1, reg);
  gsl_vector *db1 = batch_sum (dZ1);

  /* hand everything over to gradcheck */
  gsl_matrix_memcpy (g->dz2, dZ2);
  gsl_matrix_memcpy (g->dW2, dW2);
  gsl_vector_memcpy (g->db2, db2);
  gsl_matrix_memcpy (g->dp1, dA1);
  gsl_matrix_memcpy (g->dz1, dZ1);
  gsl_matrix_memcpy (g->dW1, dW1);
  gsl_vector_memcpy (g->db1, db1);
  g->present = BP_GRADS_ALL;

  gsl_matrix_free (dZ2);
  gsl_matrix_free (dW2);
  gsl_vector_free (db2);
  gsl_matrix_free (dA1);
  gsl_matrix_free (dZ1);
  gsl_matrix_free (dW1);
  gsl_vector_free (db1);
  return 0;
}
