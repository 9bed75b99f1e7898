/* backward.c -- Coursework: backpropagation for a 2-layer MLP
 * Student: Hannah Whitfield (#20418877)
 *
 * Matrix form throughout (dgemm), with the output layer and the hidden
 * layer handled in two clearly separated blocks.  Weight decay for the
 * output layer is applied to its parameters in one place
 * (regularise_output_layer) so that it is easy to switch off when I
 * experiment in nntrain. */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

typedef enum { BW_SUCCESS = 0, BW_SHAPE = 10, BW_NOMEM = 11 } bw_status;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* column sums: out[j] = sum_i m[i][j] */
static void
column_sums (const gsl_matrix *m, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < m->size2; ++j) {
    double s = 0.0;
    for (i = 0; i < m->size1; ++i)
      s += gsl_matrix_get (m, i, j);
    gsl_vector_set (out, j, s);
  }
}

/* weight decay of the output layer: d/dtheta of reg * theta^2 */
static int
regularise_output_layer (const bp_net *net, double reg, bp_grads *g)
{
  size_t h, c;
  for (h = 0; h < net->H; ++h)
    for (c = 0; c < net->C; ++c)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
  return gsl_blas_daxpy (2.0 * reg, net->b2, g->db2);
}

static int
regularise_hidden_layer (const bp_net *net, double reg, bp_grads *g)
{
  gsl_matrix *decay = gsl_matrix_alloc (net->D, net->H);
  int rc;
  if (decay == NULL)
    return BW_NOMEM;
  rc = gsl_matrix_memcpy (decay, net->W1);
  if (rc == GSL_SUCCESS)
    rc = gsl_matrix_scale (decay, 2.0 * reg);
  if (rc == GSL_SUCCESS)
    rc = gsl_matrix_add (g->dW1, decay);
  gsl_matrix_free (decay);
  return rc;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t i, j;
  int rc = BW_SUCCESS;

  if (N != cache->N || g->N != N || X->size2 != net->D)
    return BW_SHAPE;

  /* ---- output layer ---- */
  rc = gsl_matrix_memcpy (g->dz2, cache->prob);
  if (rc != GSL_SUCCESS) goto cleanup;
  for (i = 0; i < N; ++i)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  rc = gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  if (rc != GSL_SUCCESS) goto cleanup;

  rc = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                       0.0, g->dW2);
  if (rc != GSL_SUCCESS) goto cleanup;
  column_sums (g->dz2, g->db2);
  rc = regularise_output_layer (net, reg, g);
  if (rc != GSL_SUCCESS) goto cleanup;

  /* ---- hidden layer ---- */
  rc = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                       0.0, g->dp1);
  if (rc != GSL_SUCCESS) goto cleanup;
  for (i = 0; i < N; ++i)
    for (j = 0; j < net->H; ++j)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  rc = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                       0.0, g->dW1);
  if (rc != GSL_SUCCESS) goto cleanup;
  column_sums (g->dz1, g->db1);
  rc = regularise_hidden_layer (net, reg, g);
  if (rc != GSL_SUCCESS) goto cleanup;

  g->present = BP_GRADS_ALL;

cleanup:
  return rc;
}
