// backward.c -- backprop for the two-layer network (ML course, ex. 3)
//
// colsums: one calloc'd array of max(C, H) doubles for both bias sums
// (calloc, so it starts at zero).  buf_hidden: N x H for dp1 -> dz1.
// Allocation failure: free what we have and return nonzero.

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t maxCH = H > C ? H : C;
	double *colsums;
	gsl_matrix *buf_hidden;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	colsums = calloc(maxCH, sizeof(double));
	if (colsums == NULL)
		return 1;
	buf_hidden = gsl_matrix_alloc(N, H);
	if (buf_hidden == NULL) {
		free(colsums);
		return 1;
	}

	// dz2 = (prob - onehot(y)) / N
	for (size_t i = 0; i < N; i++) {
		for (size_t k = 0; k < C; k++) {
			double t = gsl_matrix_get(cache->prob, i, k);
			if (y[i] == k)
				t = t - 1.0;
			gsl_matrix_set(g->dz2, i, k, t / N);
		}
	}

	// dW2 = p1^T dz2 + 2 reg W2
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

	// db2
	for (size_t i = 0; i < N; i++)
		for (size_t k = 0; k < C; k++)
			colsums[k] += gsl_matrix_get(g->dz2, i, k);
	for (size_t k = 0; k < C; k++)
		gsl_vector_set(g->db2, k, colsums[k]);

	// dp1 = dz2 W2^T
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, buf_hidden);
	gsl_matrix_memcpy(g->dp1, buf_hidden);

	// dz1 = dp1 * relu'(z1)
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				gsl_matrix_set(buf_hidden, i, j, 0.0);
	gsl_matrix_memcpy(g->dz1, buf_hidden);

	// dW1 = X^T dz1 + 2 reg W1
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, buf_hidden, 2.0 * reg, g->dW1);

	// db1
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < H; j++)
			colsums[j] += gsl_matrix_get(buf_hidden, i, j);
	for (size_t j = 0; j < H; j++)
		gsl_vector_set(g->db1, j, colsums[j]);

	gsl_matrix_free(buf_hidden);
	free(colsums);
	g->present = BP_GRADS_ALL;
	return 0;
}
