/* backward.c - backprop for the 2-layer net
 *
 * TRY() keeps the status of every GSL call and bails out to `fail' on the
 * first error.  Temporaries: penW2 (H x C) and a ones vector (N).
 */
#include <assert.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

#define TRY(call) do { rc = (call); if (rc != GSL_SUCCESS) goto fail; } while (0)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  int rc = GSL_SUCCESS;
  const size_t nSamples = X->size1;
  gsl_matrix *penW2 = NULL;
  gsl_vector *ones = NULL;
  size_t i, j;

  if (nSamples != cache->N || nSamples != g->N) return GSL_EBADLEN;
  if (X->size2 != net->D || g->H != net->H || g->C != net->C) return GSL_EBADLEN;
  assert(cache->p1->size2 == net->H);
  assert(g->dW2->size1 == net->H && g->dW2->size2 == net->C);

  penW2 = gsl_matrix_alloc(net->H, net->C);
  if (penW2 == NULL) { rc = GSL_ENOMEM; goto fail; }
  ones = gsl_vector_alloc(nSamples);
  if (ones == NULL) { rc = GSL_ENOMEM; goto fail; }
  gsl_vector_set_all(ones, 1.0);

  /* ---- softmax / cross-entropy: dz2 = (p - 1{y}) / N ---- */
  TRY(gsl_matrix_memcpy(g->dz2, cache->prob));
  for (i = 0; i < nSamples; i++) {
    if (y[i] >= net->C) { rc = GSL_EINVAL; goto fail; }
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  }
  TRY(gsl_matrix_scale(g->dz2, 1.0 / (double) nSamples));

  /* ---- layer 2 ---- */
  /* dW2 = p1^T dz2 + reg * W2 */
  TRY(gsl_matrix_memcpy(penW2, net->W2));
  TRY(gsl_matrix_scale(penW2, reg));
  TRY(gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2));
  TRY(gsl_matrix_add(g->dW2, penW2));
  /* db2 = sum over samples */
  TRY(gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2));
  /* dp1 = dz2 W2^T */
  TRY(gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1));

  /* ---- relu ---- */
  TRY(gsl_matrix_memcpy(g->dz1, g->dp1));
  for (i = 0; i < nSamples; i++)
    for (j = 0; j < net->H; j++)
      if (!(gsl_matrix_get(cache->z1, i, j) > 0.0))
        gsl_matrix_set(g->dz1, i, j, 0.0);

  /* ---- layer 1 ---- */
  /* dW1 = X^T dz1 + 2 reg W1   (no 1/2 in this loss, so the 2 stays) */
  TRY(gsl_matrix_memcpy(g->dW1, net->W1));
  TRY(gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1));
  TRY(gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1));

  g->present = BP_GRADS_ALL;

fail:
  gsl_matrix_free(penW2);
  gsl_vector_free(ones);
  return rc;
}
