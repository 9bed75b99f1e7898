/*
 * backward.c  (lab 4)
 *
 * Same as the lecture: dZ2 = (P - Y)/N, dW2 = A1^T dZ2 + 2 reg W2, ...
 * I make the transposes and the one-hot Y explicitly so that every
 * product is a plain mul(A, B).
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *transpose(const gsl_matrix *A)
{
	gsl_matrix *T = gsl_matrix_alloc(A->size2, A->size1);
	gsl_matrix_transpose_memcpy(T, A);
	return T;
}

static gsl_matrix *mul(const gsl_matrix *A, const gsl_matrix *B)
{
	gsl_matrix *C = gsl_matrix_alloc(A->size1, B->size2);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
	return C;
}

static gsl_matrix *copy(const gsl_matrix *A)
{
	gsl_matrix *C = gsl_matrix_alloc(A->size1, A->size2);
	gsl_matrix_memcpy(C, A);
	return C;
}

static gsl_matrix *one_hot(const size_t *y, size_t n, size_t c)
{
	size_t i;
	gsl_matrix *Y = gsl_matrix_calloc(n, c);
	for (i = 0; i < n; i++)
		gsl_matrix_set(Y, i, y[i], 1.0);
	return Y;
}

/* 1 where z > 0, else 0 */
static gsl_matrix *relu_mask(const gsl_matrix *z)
{
	size_t i, j;
	gsl_matrix *M = gsl_matrix_alloc(z->size1, z->size2);
	for (i = 0; i < z->size1; i++)
		for (j = 0; j < z->size2; j++)
			gsl_matrix_set(M, i, j, gsl_matrix_get(z, i, j) > 0 ? 1.0 : 0.0);
	return M;
}

/* column sums as a 1 x m matrix */
static gsl_matrix *colsum(const gsl_matrix *A)
{
	gsl_matrix *ones = gsl_matrix_alloc(1, A->size1);
	gsl_matrix *s;
	gsl_matrix_set_all(ones, 1.0);
	s = mul(ones, A);
	gsl_matrix_free(ones);
	return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	gsl_matrix *tmp[16];
	int nt = 0, k;

	gsl_matrix *Y = tmp[nt++] = one_hot(y, N, net->C);
	gsl_matrix *dZ2 = tmp[nt++] = copy(cache->prob);
	gsl_matrix_sub(dZ2, Y);
	gsl_matrix_scale(dZ2, 1.0 / N);

	gsl_matrix *A1T = tmp[nt++] = transpose(cache->p1);
	gsl_matrix *dW2 = tmp[nt++] = mul(A1T, dZ2);
	gsl_matrix *R2 = tmp[nt++] = copy(net->W2);
	gsl_matrix_scale(R2, 2 * reg);
	gsl_matrix_add(dW2, R2);
	gsl_matrix *db2 = tmp[nt++] = colsum(dZ2);

	gsl_matrix *W2T = tmp[nt++] = transpose(net->W2);
	gsl_matrix *dA1 = tmp[nt++] = mul(dZ2, W2T);

	gsl_matrix *M = tmp[nt++] = relu_mask(cache->z1);
	gsl_matrix *dZ1 = tmp[nt++] = copy(dA1);
	gsl_matrix_mul_elements(dZ1, M);   /* dZ1 = dZ1 .* M */

	gsl_matrix *XT = tmp[nt++] = transpose(X);
	gsl_matrix *dW1 = tmp[nt++] = mul(XT, dZ1);
	gsl_matrix *R1 = tmp[nt++] = copy(net->W1);
	gsl_matrix_scale(R1, 2 * reg);
	gsl_matrix_add(dW1, R1);
	gsl_matrix *db1 = tmp[nt++] = colsum(dZ1);

	/* biases are vectors in g: look at them as 1 x m matrices */
	gsl_matrix_view gb2 = gsl_matrix_view_vector(g->db2, 1, net->C);
	gsl_matrix_view gb1 = gsl_matrix_view_vector(g->db1, 1, net->H);

	gsl_matrix_memcpy(g->dz2, dZ2);
	gsl_matrix_memcpy(g->dW2, dW2);
	gsl_matrix_memcpy(&gb2.matrix, db2);
	gsl_matrix_memcpy(g->dp1, dA1);
	gsl_matrix_memcpy(g->dz1, dZ1);
	gsl_matrix_memcpy(g->dW1, dW1);
	gsl_matrix_memcpy(&gb1.matrix, db1);

	for (k = 0; k < nt; k++)
		gsl_matrix_free(tmp[k]);

	g->present = BP_GRADS_ALL;
	return 0;
}
