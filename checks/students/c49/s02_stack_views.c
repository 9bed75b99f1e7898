/*
 * Assignment 3 -- Backpropagation for the two-layer network
 * Author: (student 2)
 *
 * Approach: every intermediate quantity is a matrix.  Small things (the
 * one-hot labels, the vector of ones) live in local arrays wrapped with
 * gsl_matrix_view_array, the rest comes from my matXxx helpers, which
 * allocate their result.  Bias gradients are computed as  1^T * dZ
 * (a 1 x N row of ones times dZ), exactly as in the lecture notes.
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C = op(A) * op(B), new matrix */
static gsl_matrix *
matMul(const gsl_matrix *A, CBLAS_TRANSPOSE_t opA,
       const gsl_matrix *B, CBLAS_TRANSPOSE_t opB)
{
	size_t m, n;
	gsl_matrix *C;

	m = (opA == CblasTrans) ? A->size2 : A->size1;
	n = (opB == CblasTrans) ? B->size1 : B->size2;
	C = gsl_matrix_calloc(m, n);
	gsl_blas_dgemm(opA, opB, 1.0, A, B, 0.0, C);
	return C;
}

/* alpha*A + beta*B, new matrix */
static gsl_matrix *
matLinComb(double alpha, const gsl_matrix *A, double beta, const gsl_matrix *B)
{
	gsl_matrix *C = gsl_matrix_alloc(A->size1, A->size2);
	size_t i, j;

	for (i = 0; i < A->size1; ++i)
	{
		for (j = 0; j < A->size2; ++j)
		{
			gsl_matrix_set(C, i, j, alpha * gsl_matrix_get(A, i, j)
			                        + beta * gsl_matrix_get(B, i, j));
		}
	}
	return C;
}

/* elementwise:  D .* step(Z) */
static gsl_matrix *
matReluBack(const gsl_matrix *D, const gsl_matrix *Z)
{
	gsl_matrix *R = gsl_matrix_alloc(D->size1, D->size2);
	size_t i, j;

	for (i = 0; i < D->size1; ++i)
	{
		for (j = 0; j < D->size2; ++j)
		{
			double step = (gsl_matrix_get(Z, i, j) > 0.0) ? 1.0 : 0.0;
			gsl_matrix_set(R, i, j, gsl_matrix_get(D, i, j) * step);
		}
	}
	return R;
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, C = net->C, i;
	double invN;

	if (N != cache->N || X->size2 != net->D || g->N != N)
	{
		return 1;
	}
	invN = 1.0 / (double) N;

	/* one-hot labels and a row of ones on the stack */
	double yBuf[N * C];
	double onesBuf[N];
	gsl_matrix_view Yv = gsl_matrix_view_array(yBuf, N, C);
	gsl_matrix_view onesV = gsl_matrix_view_array(onesBuf, 1, N);
	gsl_matrix_set_zero(&Yv.matrix);
	gsl_matrix_set_all(&onesV.matrix, 1.0);
	for (i = 0; i < N; ++i)
	{
		gsl_matrix_set(&Yv.matrix, i, y[i], 1.0);
	}

	/* ---- layer 2 ---- */
	gsl_matrix *dZ2 = matLinComb(invN, cache->prob, -invN, &Yv.matrix);
	gsl_matrix *p1TdZ2 = matMul(cache->p1, CblasTrans, dZ2, CblasNoTrans);
	gsl_matrix *dW2 = matLinComb(1.0, p1TdZ2, 2.0 * reg, net->W2);
	gsl_matrix *db2 = matMul(&onesV.matrix, CblasNoTrans, dZ2, CblasNoTrans);

	/* ---- layer 1 ---- */
	gsl_matrix *dP1 = matMul(dZ2, CblasNoTrans, net->W2, CblasTrans);
	gsl_matrix *dZ1 = matReluBack(dP1, cache->z1);
	gsl_matrix *XTdZ1 = matMul(X, CblasTrans, dZ1, CblasNoTrans);
	gsl_matrix *dW1 = matLinComb(1.0, XTdZ1, 2.0 * reg, net->W1);
	gsl_matrix *db1 = matMul(&onesV.matrix, CblasNoTrans, dZ1, CblasNoTrans);

	/* ---- store ---- */
	gsl_matrix_memcpy(g->dz2, dZ2);
	gsl_matrix_memcpy(g->dW2, dW2);
	{
		gsl_vector_view r = gsl_matrix_row(db2, 0);
		gsl_vector_memcpy(g->db2, &r.vector);
	}
	gsl_matrix_memcpy(g->dp1, dP1);
	gsl_matrix_memcpy(g->dz1, dZ1);
	gsl_matrix_memcpy(g->dW1, dW1);
	{
		gsl_vector_view r = gsl_matrix_row(db1, 0);
		gsl_vector_memcpy(g->db1, &r.vector);
	}

	gsl_matrix_free(dZ2);
	gsl_matrix_free(p1TdZ2);
	gsl_matrix_free(dW2);
	gsl_matrix_free(db2);
	gsl_matrix_free(dP1);
	gsl_matrix_free(dZ1);
	gsl_matrix_free(XTdZ1);
	gsl_matrix_free(dW1);
	gsl_matrix_free(db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
