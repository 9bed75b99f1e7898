/*
 * backward.c -- 2-layer MLP, backward pass
 *
 * I wrap gsl_blas_dgemm in a friendlier function (bools instead of the
 * CBLAS enums, NULL checks).  Pattern for a weight gradient with L2:
 *
 *     copy W into dW, then  dW = alpha * in^T * delta + beta * dW
 *     with alpha = 1 and beta = 2*reg
 *
 * (this trick was in the AI assistant's answer, it saves a loop)
 */

#include <stdbool.h>
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* C = alpha * op(A) op(B) + beta * C */
static int matmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C,
		  bool transA, bool transB, double alpha, double beta)
{
	if (A == NULL || B == NULL || C == NULL) {
		fprintf(stderr, "matmul: NULL argument\n");
		return -1;
	}
	return gsl_blas_dgemm(transA ? CblasTrans : CblasNoTrans,
			      transB ? CblasTrans : CblasNoTrans,
			      alpha, A, B, beta, C);
}

/* column sums of A into v */
static int sum_rows(const gsl_matrix *A, gsl_vector *v)
{
	size_t i, j;

	if (A == NULL || v == NULL)
		return -1;
	gsl_vector_set_zero(v);
	for (i = 0; i < A->size1; i++) {
		for (j = 0; j < A->size2; j++) {
			double *vj = gsl_vector_ptr(v, j);
			*vj += gsl_matrix_get(A, i, j);
		}
	}
	return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N, i, j;
	int rc = 0;

	if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
		return 1;
	N = X->size1;
	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* softmax + cross-entropy: dz2 = (prob - onehot) / N */
	rc |= gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++) {
		double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
		*p -= 1.0;
	}
	rc |= gsl_matrix_scale(g->dz2, 1.0 / (double)N);

	/* dW2 = p1^T dz2 + 2 reg W2 */
	rc |= gsl_matrix_memcpy(g->dW2, net->W2);
	rc |= matmul(cache->p1, g->dz2, g->dW2, true, false, 2.0 * reg, 1.0);

	/* db2 */
	rc |= sum_rows(g->dz2, g->db2);

	/* dp1 = dz2 W2^T */
	rc |= matmul(g->dz2, net->W2, g->dp1, false, true, 1.0, 0.0);

	/* dz1 = dp1 where z1 > 0 */
	for (i = 0; i < N; i++) {
		for (j = 0; j < net->H; j++) {
			double v = gsl_matrix_get(cache->z1, i, j) > 0.0
				? gsl_matrix_get(g->dp1, i, j) : 0.0;
			gsl_matrix_set(g->dz1, i, j, v);
		}
	}

	/* dW1 = X^T dz1 + 2 reg W1 */
	rc |= gsl_matrix_memcpy(g->dW1, net->W1);
	rc |= matmul(X, g->dz1, g->dW1, true, false, 1.0, 2.0 * reg);

	/* db1 */
	rc |= sum_rows(g->dz1, g->db1);

	if (rc != 0)
		return 1;
	g->present = BP_GRADS_ALL;
	return 0;
}
