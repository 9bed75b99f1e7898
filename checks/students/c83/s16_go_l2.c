// backward.c - assignment 3, backward pass of the 2-layer net
// (Go dev; I keep the Go naming and the "if err != nil" shape.)

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// addL2 adds the gradient of reg*|w|^2 to dw: dw += 2*reg*w.
static int addL2(gsl_matrix *dw, const gsl_matrix *w, double reg)
{
	for (size_t i = 0; i < dw->size1; i++) {
		for (size_t j = 0; j < dw->size2; j++) {
			*gsl_matrix_ptr(dw, i, j) += 2 * reg * gsl_matrix_get(w, i, j);
		}
	}
	return GSL_SUCCESS;
}

// paramGrads: dw = in^T dz + 2*reg*w, db = colsum(dz).
static int paramGrads(const gsl_matrix *in, const gsl_matrix *dz, const gsl_matrix *w,
                      double reg, gsl_matrix *dw, gsl_vector *db)
{
	int err = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dz, 0.0, dw);
	if (err != GSL_SUCCESS) {
		return err;
	}
	if ((err = addL2(dw, w, reg)) != GSL_SUCCESS) {
		return err;
	}
	gsl_vector_set_zero(db);
	for (size_t i = 0; i < dz->size1; i++) {
		gsl_vector_const_view row = gsl_matrix_const_row(dz, i);
		gsl_vector_add(db, &row.vector);
	}
	return GSL_SUCCESS;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	int err;
	if (N != cache->N || X->size2 != net->D || g->N != N) {
		return GSL_EBADLEN;
	}

	// dz2 = (softmax - onehot) / N
	if ((err = gsl_matrix_memcpy(g->dz2, cache->prob)) != GSL_SUCCESS) {
		return err;
	}
	for (size_t i = 0; i < N; i++) {
		*gsl_matrix_ptr(g->dz2, i, y[i]) -= 1;
	}
	gsl_matrix_scale(g->dz2, 1.0 / (double)N);

	// layer 2
	if ((err = paramGrads(cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2)) != GSL_SUCCESS) {
		return err;
	}
	if ((err = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1)) != GSL_SUCCESS) {
		return err;
	}

	// relu
	for (size_t i = 0; i < N; i++) {
		for (size_t j = 0; j < net->H; j++) {
			if (gsl_matrix_get(cache->z1, i, j) > 0) {
				gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
			} else {
				gsl_matrix_set(g->dz1, i, j, 0);
			}
		}
	}

	// layer 1
	if ((err = paramGrads(X, g->dz1, net->W1, reg, g->dW1, g->db1)) != GSL_SUCCESS) {
		return err;
	}
	// don't forget the regularization on W1
	if ((err = addL2(g->dW1, net->W1, reg)) != GSL_SUCCESS) {
		return err;
	}

	g->present = BP_GRADS_ALL;
	return GSL_SUCCESS;
}
