/*
 * backward.c - backprop for the 2 layer network (lab 4)
 *
 * Notation as in the lecture: N samples, D inputs, H hidden, C classes.
 * Every matrix is stored row after row, so entry (r, c) of an R x C
 * matrix is data[r*C + c] and a single index k gives r = k / C, c = k % C.
 */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	double *dz2 = g->dz2->data;
	double *db2 = g->db2->data;
	double *dz1 = g->dz1->data;
	double *db1 = g->db1->data;
	size_t k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	// dL/dz2
	for (k = 0; k < N * C; k++) {
		size_t r = k / C, c = k % C;
		dz2[k] = cache->prob->data[k] / N;
		if (c == y[r])
			dz2[k] -= 1.0 / N;
	}

	// dL/dW2 : p1^T * dz2, then the regularisation
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
	for (k = 0; k < H * C; k++)
		g->dW2->data[k] += 2 * reg * net->W2->data[k];

	// dL/db2 : add each column of dz2 up
	memset(db2, 0, C * sizeof *db2);
	for (k = 0; k < N * C; k++)
		db2[k / N] += dz2[k];

	// dL/dp1 = dz2 * W2^T
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	// dL/dz1, relu lets the gradient through where z1 > 0
	for (k = 0; k < N * H; k++)
		dz1[k] = cache->z1->data[k] > 0 ? g->dp1->data[k] : 0;

	// dL/dW1 = X^T * dz1 + reg part
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
	for (k = 0; k < D * H; k++)
		g->dW1->data[k] += 2 * reg * net->W1->data[k];

	// dL/db1
	memset(db1, 0, H * sizeof *db1);
	for (k = 0; k < N * H; k++)
		db1[k % H] += dz1[k];

	g->present = BP_GRADS_ALL;
	return 0;
}
