/* backward.c  --  two-layer net, backward pass
 *
 * Submitted by: Aoife Brennan
 *
 * Design notes:
 *  - nntrain calls backward() thousands of times with the same shapes, so
 *    the scratch memory (a 0/1 ReLU mask and a column of ones for the bias
 *    sums) is kept in one static buffer and only grown when a bigger batch
 *    shows up.  It is fully rewritten on every call, nothing carries over.
 *  - All matrix products are single dgemm/dgemv calls on views of that
 *    buffer (gsl_matrix_view_array), no per-sample loops except to build
 *    the mask and the one-hot term.
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>

#include "backprop.h"

#define BW_OK        0
#define BW_ESHAPE    1
#define BW_ENOMEM    2

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double *g_scratch = NULL;   /* mask (N*H) followed by ones (N) */
static size_t g_scratch_len = 0;

static double *
scratch_reserve (size_t len)
{
  if (len > g_scratch_len) {
    double *bigger = realloc (g_scratch, len * sizeof *bigger);
    if (bigger == NULL)
      return NULL;
    g_scratch = bigger;
    g_scratch_len = len;
  }
  return g_scratch;
}

/* grad += 2 reg W, one row at a time with daxpy */
static int
add_weight_decay (gsl_matrix *grad, const gsl_matrix *W, double reg)
{
  size_t r;
  for (r = 0; r < W->size1; r++) {
    gsl_vector_const_view w_r = gsl_matrix_const_row (W, r);
    gsl_vector_view g_r = gsl_matrix_row (grad, r);
    int rc = gsl_blas_daxpy (2.0 * reg, &w_r.vector, &g_r.vector);
    if (rc != GSL_SUCCESS)
      return rc;
  }
  return GSL_SUCCESS;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  double *buf;
  size_t i, j;
  int rc;

  if (N != cache->N || X->size2 != net->D || g->N != N || cache->H != H)
    return BW_ESHAPE;

  buf = scratch_reserve (N * H + N);
  if (buf == NULL)
    return BW_ENOMEM;

  gsl_matrix_view mask = gsl_matrix_view_array (buf, N, H);
  gsl_vector_view ones = gsl_vector_view_array (buf + N * H, N);
  gsl_vector_set_all (&ones.vector, 1.0);

  /* dz2 = (prob - Y) / N */
  rc = gsl_matrix_memcpy (g->dz2, cache->prob);
  if (rc != GSL_SUCCESS) goto cleanup;
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  rc = gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  if (rc != GSL_SUCCESS) goto cleanup;

  /* dW2 = p1' dz2 + 2 reg W2 */
  rc = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                       0.0, g->dW2);
  if (rc != GSL_SUCCESS) goto cleanup;
  rc = add_weight_decay (g->dW2, net->W2, reg);
  if (rc != GSL_SUCCESS) goto cleanup;

  /* db2 = dz2' 1 */
  rc = gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, &ones.vector, 0.0, g->db2);
  if (rc != GSL_SUCCESS) goto cleanup;

  /* dp1 = dz2 W2' */
  rc = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                       0.0, g->dp1);
  if (rc != GSL_SUCCESS) goto cleanup;

  /* dz1 = dp1 .* [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (&mask.matrix, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  rc = gsl_matrix_memcpy (g->dz1, g->dp1);
  if (rc != GSL_SUCCESS) goto cleanup;
  rc = gsl_matrix_mul_elements (g->dz1, &mask.matrix);
  if (rc != GSL_SUCCESS) goto cleanup;

  /* dW1 = X' dz1 + 2 reg W1 */
  rc = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  if (rc != GSL_SUCCESS) goto cleanup;
  rc = add_weight_decay (g->dW1, net->W1, reg);
  if (rc != GSL_SUCCESS) goto cleanup;

  /* db1 = dz1' 1 */
  rc = gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, &ones.vector, 0.0, g->db1);
  if (rc != GSL_SUCCESS) goto cleanup;

  g->present = BP_GRADS_ALL;
  rc = BW_OK;

cleanup:
  /* the scratch buffer is kept for the next call on purpose */
  return rc;
}
