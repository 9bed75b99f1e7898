/* backward.c -- backward pass of the two-layer net through the flat
 * parameter block.
 *
 * The parameter gradients share theta's layout (grads.h), so the penalty
 * goes in for all of them at once: dtheta = 2 reg theta.  The data terms
 * of the weights are then added by dgemm with beta = 1, and the bias
 * entries (which carry no penalty) are overwritten by ones' dZ with
 * beta = 0.  dp1 uses an explicit copy of W2'; the ReLU is done on two
 * row blocks of the batch, to try submatrix views.  */

#include <assert.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db = 1' dZ as a (1, M) product.  ones (1, N), dZ (N, M), db (M).  */
static void
bias_from_ones (const gsl_matrix *ones, const gsl_matrix *dZ, gsl_vector *db)
{
  gsl_matrix_view dbm = gsl_matrix_view_vector (db, 1, db->size);

  assert (ones->size2 == dZ->size1 && db->size == dZ->size2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, ones, dZ, 0.0,
                  &dbm.matrix);
}

/* dZ = dP .* [Z > 0] on rows r0 .. r0 + nr - 1.  */
static void
relu_backward_rows (const gsl_matrix *dP, const gsl_matrix *Z, gsl_matrix *dZ,
                    size_t r0, size_t nr)
{
  gsl_matrix_const_view dp = gsl_matrix_const_submatrix (dP, r0, 0, nr,
                                                         dP->size2);
  gsl_matrix_const_view z = gsl_matrix_const_submatrix (Z, r0, 0, nr,
                                                        Z->size2);
  gsl_matrix_view dz = gsl_matrix_submatrix (dZ, r0, 0, nr, dZ->size2);
  size_t i, j;

  for (i = 0; i < nr; i++)
    for (j = 0; j < dz.matrix.size2; j++)
      gsl_matrix_set (&dz.matrix, i, j,
                      gsl_matrix_get (&z.matrix, i, j) > 0.0
                      ? gsl_matrix_get (&dp.matrix, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  const size_t half = N / 2;
  gsl_matrix *ones, *W2t;
  size_t i;

  assert (g->dtheta->size == net->theta->size);
  assert (cache->N == N && g->N == N && X->size2 == net->D);

  ones = gsl_matrix_alloc (1, N);
  W2t = gsl_matrix_alloc (C, H);
  if (ones == NULL || W2t == NULL)
    {
      gsl_matrix_free (ones);
      gsl_matrix_free (W2t);
      return 1;
    }
  gsl_matrix_set_all (ones, 1.0);
  gsl_matrix_transpose_memcpy (W2t, net->W2);

  /* penalty for every parameter; the biases are overwritten below */
  gsl_vector_memcpy (g->dtheta, net->theta);
  gsl_vector_scale (g->dtheta, 2.0 * reg);

  /* dz2 */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);

      gsl_vector_memcpy (&d.vector, &p.vector);
      *gsl_vector_ptr (&d.vector, y[i]) -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* second layer: dW2 (already 2 reg W2) += p1' dz2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0,
                  g->dW2);
  bias_from_ones (ones, g->dz2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2t, 0.0, g->dp1);

  /* ReLU, in two blocks of rows */
  relu_backward_rows (g->dp1, cache->z1, g->dz1, 0, half);
  relu_backward_rows (g->dp1, cache->z1, g->dz1, half, N - half);

  /* first layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  bias_from_ones (ones, g->dz1, g->db1);

  gsl_matrix_free (W2t);
  gsl_matrix_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
