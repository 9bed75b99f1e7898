/*
 * backward.c -- backprop assignment
 *
 * the little matrix library (matmul_AtB, matmul_ABt, colsum, hadamard,
 * relu_mask, add_scaled) is reused by weight_grad() for both layers.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
}

static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, C);
}

static void colsum(const gsl_matrix *A, gsl_vector *b)
{
	size_t i, j;
	for (j = 0; j < A->size2; j++) {
		double t = 0.0;
		for (i = 0; i < A->size1; i++)
			t += gsl_matrix_get(A, i, j);
		gsl_vector_set(b, j, t);
	}
}

/* A = A .* B */
static void hadamard(gsl_matrix *A, const gsl_matrix *B)
{
	gsl_matrix_mul_elements(A, B);
}

static void relu_mask(const gsl_matrix *Z, gsl_matrix *M)
{
	size_t i, j;
	for (i = 0; i < Z->size1; i++)
		for (j = 0; j < Z->size2; j++)
			gsl_matrix_set(M, i, j, gsl_matrix_get(Z, i, j) > 0.0 ? 1.0 : 0.0);
}

static void add_scaled(gsl_matrix *A, const gsl_matrix *B, double s)
{
	size_t i, j;
	for (i = 0; i < A->size1; i++)
		for (j = 0; j < A->size2; j++)
			gsl_matrix_set(A, i, j, gsl_matrix_get(A, i, j) + s * gsl_matrix_get(B, i, j));
}

/* dW = in^T dout + 2 reg W, for either layer */
static void weight_grad(const gsl_matrix *in, const gsl_matrix *dout,
			const gsl_matrix *W, double reg, gsl_matrix *dW)
{
	matmul_AtB(in, dout, dW);
	add_scaled(dW, W, 2.0 * reg);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, i;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* dz2 */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
	gsl_matrix_scale(g->dz2, 1.0 / N);

	/* layer 2 */
	weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
	colsum(g->dz2, g->db2);
	matmul_ABt(g->dz2, net->W2, g->dp1);

	/* relu: dz1 = dp1 * 1[z1 > 0] */
	relu_mask(cache->z1, g->dz1);
	hadamard(g->dz1, g->dp1);

	/* layer 1 */
	weight_grad(X, g->dz1, net->W1, reg, g->dW1);
	colsum(g->dp1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
