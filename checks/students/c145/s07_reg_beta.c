/*
 * backward.c (HW#3)   Choi Yerin / 2019-17730
 *
 * Notation from the lecture:
 *   S = scores, H = relu(A), A = X W1 + b1
 *   loss = data loss + reg * (||W1||^2 + ||W2||^2)
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;

	if (g->N != N || cache->N != N)
		return 1;

	gsl_matrix *dS = gsl_matrix_alloc(N, C);
	gsl_matrix *dA = gsl_matrix_alloc(N, H);

	/* dS = P - Y, then / N */
	gsl_matrix_memcpy(dS, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(dS, i, y[i], gsl_matrix_get(dS, i, y[i]) - 1.0);
	gsl_matrix_scale(dS, 1.0 / (double)N);
	gsl_matrix_memcpy(g->dz2, dS);

	/* dW2 = H^T dS + reg*W2   (d/dW of reg*W^2) */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dS, reg, g->dW2);

	/* db2 */
	for (j = 0; j < C; j++) {
		double sum = 0.0;
		for (i = 0; i < N; i++)
			sum += gsl_matrix_get(dS, i, j);
		gsl_vector_set(g->db2, j, sum);
	}

	/* dH = dS W2^T */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dS, net->W2, 0.0, g->dp1);

	/* dA */
	gsl_matrix_memcpy(dA, g->dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				gsl_matrix_set(dA, i, j, 0.0);
	gsl_matrix_memcpy(g->dz1, dA);

	/* dW1 = X^T dA + 2*reg*W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dA, 2.0 * reg, g->dW1);

	/* db1 */
	for (j = 0; j < H; j++) {
		double sum = 0.0;
		for (i = 0; i < N; i++)
			sum += gsl_matrix_get(dA, i, j);
		gsl_vector_set(g->db1, j, sum);
	}

	gsl_matrix_free(dS);
	gsl_matrix_free(dA);
	g->present = BP_GRADS_ALL;
	return 0;
}
