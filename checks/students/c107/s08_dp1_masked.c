/*
 * hw2 backward pass (C version of my numpy code)
 *
 * dhidden is computed once, the relu is applied to it in place like
 * numpy's dhidden[hidden <= 0] = 0, and everything is saved into g at
 * the end, like the grads dict.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* out = A.T @ B */
static void matmul_T(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

/* out = A @ B.T */
static void matmul_BT(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, out);
}

/* out = sum over the rows of A (axis 0) */
static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
	size_t i, j;

	for (j = 0; j < A->size2; j++) {
		double s = 0;
		for (i = 0; i < A->size1; i++)
			s += gsl_matrix_get(A, i, j);
		gsl_vector_set(out, j, s);
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C, i, j;
	gsl_matrix *dscores = gsl_matrix_alloc(N, C);
	gsl_matrix *dhidden = gsl_matrix_alloc(N, H);

	/* dscores */
	gsl_matrix_memcpy(dscores, cache->prob);
	for (i = 0; i < N; i++)
		*gsl_matrix_ptr(dscores, i, y[i]) -= 1;
	gsl_matrix_scale(dscores, 1.0 / N);

	/* W2, b2 */
	matmul_T(cache->p1, dscores, g->dW2);
	for (i = 0; i < H; i++)
		for (j = 0; j < C; j++)
			*gsl_matrix_ptr(g->dW2, i, j) += 2 * reg * gsl_matrix_get(net->W2, i, j);
	sum_rows(dscores, g->db2);

	/* dhidden = dscores.dot(W2.T) */
	matmul_BT(dscores, net->W2, dhidden);
	/* dhidden[hidden <= 0] = 0 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->p1, i, j) <= 0)
				gsl_matrix_set(dhidden, i, j, 0);

	/* W1, b1 */
	matmul_T(X, dhidden, g->dW1);
	for (i = 0; i < net->D; i++)
		for (j = 0; j < H; j++)
			*gsl_matrix_ptr(g->dW1, i, j) += 2 * reg * gsl_matrix_get(net->W1, i, j);
	sum_rows(dhidden, g->db1);

	/* save the intermediate gradients too */
	gsl_matrix_memcpy(g->dz2, dscores);
	gsl_matrix_memcpy(g->dp1, dhidden);
	gsl_matrix_memcpy(g->dz1, dhidden);

	gsl_matrix_free(dscores);
	gsl_matrix_free(dhidden);
	g->present = BP_GRADS_ALL;
	return 0;
}
