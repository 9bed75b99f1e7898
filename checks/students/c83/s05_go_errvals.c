// backward.c -- assignment 3
// Go habits: explicit error values, check after every call, return early.

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// scoresGrad writes dL/dz2 into out. Returns GSL_SUCCESS or an error.
static int scoresGrad(const gsl_matrix *prob, const size_t *y, gsl_matrix *out) {
	size_t N = prob->size1;
	double invN = 1 / N;
	int err = gsl_matrix_memcpy(out, prob);
	if (err != GSL_SUCCESS) {
		return err;
	}
	for (size_t i = 0; i < N; i++) {
		double v = gsl_matrix_get(out, i, y[i]);
		gsl_matrix_set(out, i, y[i], v-1.0);
	}
	return gsl_matrix_scale(out, invN);
}

// sumCols: db[j] = sum_i dz[i][j]
static int sumCols(const gsl_matrix *dz, gsl_vector *db) {
	if (dz->size2 != db->size) {
		return GSL_EBADLEN;
	}
	for (size_t j = 0; j < dz->size2; j++) {
		double s = 0;
		for (size_t i = 0; i < dz->size1; i++) {
			s += gsl_matrix_get(dz, i, j);
		}
		gsl_vector_set(db, j, s);
	}
	return GSL_SUCCESS;
}

// weightGrad: dW = in^T dz + 2*reg*W
static int weightGrad(const gsl_matrix *in, const gsl_matrix *dz, const gsl_matrix *W,
                      double reg, gsl_matrix *dW) {
	int err = gsl_matrix_memcpy(dW, W);
	if (err != GSL_SUCCESS) {
		return err;
	}
	return gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dz, 2.0*reg, dW);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
	size_t N = X->size1;
	if (N != cache->N || X->size2 != net->D || g->N != N) {
		return GSL_EBADLEN;
	}

	int err = scoresGrad(cache->prob, y, g->dz2);
	if (err != GSL_SUCCESS) {
		return err;
	}
	if ((err = weightGrad(cache->p1, g->dz2, net->W2, reg, g->dW2)) != GSL_SUCCESS) {
		return err;
	}
	if ((err = sumCols(g->dz2, g->db2)) != GSL_SUCCESS) {
		return err;
	}

	err = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
	if (err != GSL_SUCCESS) {
		return err;
	}

	// relu: pass the gradient where z1 was positive
	for (size_t i = 0; i < N; i++) {
		for (size_t h = 0; h < net->H; h++) {
			double d = 0;
			if (gsl_matrix_get(cache->z1, i, h) > 0) {
				d = gsl_matrix_get(g->dp1, i, h);
			}
			gsl_matrix_set(g->dz1, i, h, d);
		}
	}

	if ((err = weightGrad(X, g->dz1, net->W1, reg, g->dW1)) != GSL_SUCCESS) {
		return err;
	}
	if ((err = sumCols(g->dz1, g->db1)) != GSL_SUCCESS) {
		return err;
	}

	g->present = BP_GRADS_ALL;
	return GSL_SUCCESS;
}
