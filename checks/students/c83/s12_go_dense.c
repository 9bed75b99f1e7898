/* backward.c -- assignment 3
 *
 * Go programmer.  One denseBackward() for both layers, like a method on a
 * Dense layer.  Guard clauses and early returns instead of nested ifs. */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* denseBackward: given dout = dL/d(out) for out = x w + b, fills
 *   dw = x^T dout + 2 reg w,   db = colsum(dout),   dx = dout w^T.
 * dx may be NULL (first layer: nobody wants dL/dX). */
static int denseBackward(const gsl_matrix *dout, const gsl_matrix *x, const gsl_matrix *w,
                         double reg, gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db)
{
	int err;
	size_t i, j;

	/* C has no zero values like Go, so zero the outputs first */
	gsl_vector_set_zero(db);

	if ((err = gsl_matrix_memcpy(dw, w)) != GSL_SUCCESS) {
		return err;
	}
	if ((err = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, dout, 2.0 * reg, dw)) != GSL_SUCCESS) {
		return err;
	}

	if (dx == NULL) { return GSL_SUCCESS; } /* layer 1: done */
	if ((err = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx)) != GSL_SUCCESS) {
		return err;
	}

	for (i = 0; i < dout->size1; i++) {
		for (j = 0; j < dout->size2; j++) {
			db->data[j * db->stride] += gsl_matrix_get(dout, i, j);
		}
	}
	return GSL_SUCCESS;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	int err;
	size_t i, k, N = X->size1;

	if (N != cache->N || X->size2 != net->D || g->N != N) {
		return GSL_EBADLEN;
	}

	/* softmax-cross-entropy */
	for (i = 0; i < N; i++) {
		for (k = 0; k < net->C; k++) {
			double t = (k == y[i]) ? 1.0 : 0.0;
			gsl_matrix_set(g->dz2, i, k, (gsl_matrix_get(cache->prob, i, k) - t) / (double) N);
		}
	}

	if ((err = denseBackward(g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2)) != GSL_SUCCESS) {
		return err;
	}

	/* relu */
	for (i = 0; i < N; i++) {
		for (k = 0; k < net->H; k++) {
			double gate = gsl_matrix_get(cache->z1, i, k) > 0 ? 1.0 : 0.0;
			gsl_matrix_set(g->dz1, i, k, gate * gsl_matrix_get(g->dp1, i, k));
		}
	}

	if ((err = denseBackward(g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1)) != GSL_SUCCESS) {
		return err;
	}

	g->present = BP_GRADS_ALL;
	return GSL_SUCCESS;
}
