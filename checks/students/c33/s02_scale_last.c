/* Backward pass, two-layer net (MA-NUM lab 3).  Author: Tomasz Wierzbicki
 *
 * Idea: do all the algebra on the UNSCALED residual E = P - Y and divide
 * by N only once at the very end, for every gradient that needs it (all of
 * them, since everything is linear in E).  The penalty 2 reg W is added
 * after the division, so it is not divided.
 * dW1 is built from rank-1 updates (dger), one per sample, to practise
 * level-2 BLAS -- slower than one dgemm but easy to read. */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* column sums of A into s (s = A^T 1) */
static void
colsums (const gsl_matrix *A, gsl_vector *s)
{
  gsl_vector *one = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (one, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, one, 0.0, s);
  gsl_vector_free (one);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  double s = 1.0 / (double) N;

  /* E = P - Y, kept in dz2 for now (unscaled) */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  /* N*dW2 = p1^T E */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  /* N*db2 = E^T 1 */
  colsums (g->dz2, g->db2);
  /* N*dp1 = E W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* N*dz1 = N*dp1 masked by z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* N*dW1 = sum_i x_i dz1_i^T, rank-1 updates */
  gsl_matrix_set_zero (g->dW1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view xi = gsl_matrix_const_row (X, i);
      gsl_vector_const_view di = gsl_matrix_const_row (g->dz1, i);
      gsl_blas_dger (1.0, &xi.vector, &di.vector, g->dW1);
    }
  /* N*db1 = dz1^T 1 */
  colsums (g->dz1, g->db1);

  /* now divide everything by N */
  gsl_matrix_scale (g->dz2, s);
  gsl_matrix_scale (g->dW2, s);
  gsl_vector_scale (g->db2, s);
  gsl_matrix_scale (g->dp1, s);
  gsl_matrix_scale (g->dz1, s);
  gsl_matrix_scale (g->dW1, s);
  gsl_vector_scale (g->db1, s);

  /* and add the penalty 2 reg W (not divided by N) */
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      *gsl_matrix_ptr (g->dW2, i, j) += 2.0 * reg * gsl_matrix_get (net->W2, i, j);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      *gsl_matrix_ptr (g->dW1, i, j) += 2.0 * reg * gsl_matrix_get (net->W1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
