/* backward.c -- backward pass of the two-layer net (lab 3).
 *
 * Shapes: N samples, D inputs, H hidden units, C classes.
 * Every matrix product goes through CBLAS; the ReLU derivative is kept
 * as an explicit 0/1 matrix, so that dz1 is one elementwise product.  */

#include <assert.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* M = [Z > 0], entrywise.  Z, M (N, H).  */
static void
relu_indicator (const gsl_matrix *Z, gsl_matrix *M)
{
  size_t i, j;

  assert (Z->size1 == M->size1 && Z->size2 == M->size2);
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (M, i, j, gsl_matrix_get (Z, i, j) > 0.0 ? 1.0 : 0.0);
}

/* dW = A' dZ + 2 reg W.  A (N, K), dZ (N, M), W and dW (K, M).  */
static void
weight_gradient (const gsl_matrix *A, const gsl_matrix *dZ,
                 const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  assert (A->size1 == dZ->size1);
  assert (dW->size1 == A->size2 && dW->size2 == dZ->size2);
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

/* db = dZ' 1.  dZ (N, M), ones (N), db (M).  */
static void
bias_gradient (const gsl_matrix *dZ, const gsl_vector *ones, gsl_vector *db)
{
  assert (ones->size == dZ->size1 && db->size == dZ->size2);
  gsl_blas_dgemv (CblasTrans, 1.0, dZ, ones, 0.0, db);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  gsl_vector *ones;
  gsl_matrix *mask;
  size_t i;

  assert (cache->N == N && g->N == N);
  assert (X->size2 == net->D && g->H == net->H && g->C == net->C);

  ones = gsl_vector_alloc (N);
  mask = gsl_matrix_alloc (N, net->H);
  if (ones == NULL || mask == NULL)
    {
      gsl_vector_free (ones);
      gsl_matrix_free (mask);
      return 1;
    }
  gsl_vector_set_all (ones, 1.0);

  /* dz2 = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* second layer */
  weight_gradient (cache->p1, g->dz2, net->W2, reg, g->dW2);
  bias_gradient (g->dz2, ones, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* ReLU */
  relu_indicator (cache->z1, mask);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* first layer */
  weight_gradient (X, g->dz1, net->W1, reg, g->dW1);
  bias_gradient (g->dz1, ones, g->db1);

  gsl_matrix_free (mask);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
