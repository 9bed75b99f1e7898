/* backward.c -- backward pass for the two-layer network.
 *
 * Weight gradients: dW = 2 reg W first, then dgemm adds the data part
 * (beta = 1).  The other products with dgemm as well.  */

#include <assert.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* v = sum over i of row i of M */
static void
sum_rows (const gsl_matrix *M, gsl_vector *v)
{
  size_t j;

  assert (v->size == M->size2);
  for (j = 0; j < M->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (M, j);
      gsl_vector_set (v, j, gsl_vector_sum (&col.vector));
    }
}

/* dZ = dP where Z > 0, 0 elsewhere */
static void
relu_grad (const gsl_matrix *dP, const gsl_matrix *Z, gsl_matrix *dZ)
{
  size_t i, j;

  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (dZ, i, j, gsl_matrix_get (Z, i, j) > 0.0
                                ? gsl_matrix_get (dP, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double inv_n = 1.0 / (double) N;
  size_t i;

  assert (cache->N == N && g->N == N);
  assert (X->size2 == net->D && cache->H == net->H);

  /* dz2 = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, inv_n);

  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0,
                  g->dW2);

  sum_rows (g->dz2, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 1.0,
                  g->dp1);

  relu_grad (g->dp1, cache->z1, g->dz1);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
