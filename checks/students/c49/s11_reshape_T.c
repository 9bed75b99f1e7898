// backward.c  --  "Intro to Machine Learning", programming task 3
//
// I wanted the code to look like my numpy version, so there is a tiny
// linear-algebra layer below: mul(A,B) = A @ B, tmul(A,B) = A.T @ B (for
// the weight gradients, BLAS does the transpose), T(A) = A.T, add, step,
// times (elementwise) and sum0 (= A.sum(axis=0)).
// Every function returns a new matrix.

#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *mul(const gsl_matrix *A, const gsl_matrix *B)
{
	gsl_matrix *R = gsl_matrix_alloc(A->size1, B->size2);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, R);
	return R;
}

static gsl_matrix *tmul(const gsl_matrix *A, const gsl_matrix *B)
{
	gsl_matrix *R = gsl_matrix_alloc(A->size2, B->size2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, R);
	return R;
}

// A.T
static gsl_matrix *T(const gsl_matrix *A)
{
	gsl_matrix *R = gsl_matrix_alloc(A->size2, A->size1);
	memcpy(R->data, A->data, A->size1 * A->size2 * sizeof(double));
	return R;
}

// A + s*B
static gsl_matrix *add(const gsl_matrix *A, double s, const gsl_matrix *B)
{
	gsl_matrix *R = gsl_matrix_alloc(B->size1, B->size2);
	gsl_matrix_memcpy(R, B);
	gsl_matrix_scale(R, s);
	gsl_matrix_add(R, A);
	return R;
}

static gsl_matrix *step(const gsl_matrix *Z)
{
	gsl_matrix *R = gsl_matrix_alloc(Z->size1, Z->size2);
	for (size_t i = 0; i < Z->size1; i++)
		for (size_t j = 0; j < Z->size2; j++)
			gsl_matrix_set(R, i, j, gsl_matrix_get(Z, i, j) > 0 ? 1 : 0);
	return R;
}

static gsl_matrix *times(const gsl_matrix *A, const gsl_matrix *B)
{
	gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
	gsl_matrix_memcpy(R, A);
	gsl_matrix_mul_elements(R, B);
	return R;
}

static gsl_vector *sum0(const gsl_matrix *A)
{
	gsl_vector *s = gsl_vector_calloc(A->size2);
	for (size_t i = 0; i < A->size1; i++)
		for (size_t j = 0; j < A->size2; j++)
			gsl_vector_set(s, j, gsl_vector_get(s, j) + gsl_matrix_get(A, i, j));
	return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	// dscores = probs; dscores[range(N), y] -= 1; dscores /= N
	gsl_matrix *dscores = gsl_matrix_alloc(N, net->C);
	gsl_matrix_memcpy(dscores, cache->prob);
	for (size_t n = 0; n < N; n++)
		gsl_matrix_set(dscores, n, y[n], gsl_matrix_get(dscores, n, y[n]) - 1);
	gsl_matrix_scale(dscores, 1.0 / N);

	gsl_matrix *dW2 = add(tmul(cache->p1, dscores), 2 * reg, net->W2);
	gsl_vector *db2 = sum0(dscores);
	gsl_matrix *dhidden = mul(dscores, T(net->W2));
	gsl_matrix *dpre = times(dhidden, step(cache->z1));
	gsl_matrix *dW1 = add(tmul(X, dpre), 2 * reg, net->W1);
	gsl_vector *db1 = sum0(dpre);

	gsl_matrix_memcpy(g->dz2, dscores);
	gsl_matrix_memcpy(g->dW2, dW2);
	gsl_vector_memcpy(g->db2, db2);
	gsl_matrix_memcpy(g->dp1, dhidden);
	gsl_matrix_memcpy(g->dz1, dpre);
	gsl_matrix_memcpy(g->dW1, dW1);
	gsl_vector_memcpy(g->db1, db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
