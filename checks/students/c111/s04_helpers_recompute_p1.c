/* HW4 backward pass -- split into small helpers.
 *
 * Nothing from the cache except the scores: the softmax is recomputed
 * from z2, and the hidden layer h = relu(X W1 + b1) is recomputed too
 * (used for dW2 and for the relu mask).
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

/* row-wise softmax of S, in place */
static void softmax_rows(gsl_matrix *S)
{
	size_t i, k;
	for (i = 0; i < S->size1; i++) {
		gsl_vector_view r = gsl_matrix_row(S, i);
		double m = gsl_vector_max(&r.vector), tot = 0.0;
		for (k = 0; k < S->size2; k++) {
			double e = exp(gsl_vector_get(&r.vector, k) - m);
			gsl_vector_set(&r.vector, k, e);
			tot += e;
		}
		gsl_vector_scale(&r.vector, 1.0 / tot);
	}
}

/* out = column sums of A */
static void col_sums(const gsl_matrix *A, gsl_vector *out)
{
	size_t i;
	gsl_vector_set_zero(out);
	for (i = 0; i < A->size1; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(A, i);
		gsl_vector_add(out, &r.vector);
	}
}

/* dW = A^T dZ + 2 reg W, with A^T formed explicitly */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
			const gsl_matrix *W, double reg, gsl_matrix *dW)
{
	gsl_matrix *At = gsl_matrix_alloc(A->size2, A->size1);
	gsl_matrix_transpose_memcpy(At, A);
	gsl_matrix_memcpy(dW, W);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, At, dZ, 2.0 * reg, dW);
	gsl_matrix_free(At);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, i, j;
	gsl_matrix *h;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* hidden layer, recomputed: h = relu(X W1 + b1) */
	h = gsl_matrix_alloc(N, H);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, h);
	for (i = 0; i < N; i++) {
		gsl_vector_view r = gsl_matrix_row(h, i);
		gsl_vector_add(&r.vector, net->b1);
	}
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(h, i, j) < 0.0)
				gsl_matrix_set(h, i, j, 0.0);

	/* dz2: softmax straight into g->dz2, then subtract 1 at the label */
	gsl_matrix_memcpy(g->dz2, cache->z2);
	softmax_rows(g->dz2);
	for (i = 0; i < N; i++)
		gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
	gsl_matrix_scale(g->dz2, 1.0 / (double) N);

	weight_grad(h, g->dz2, net->W2, reg, g->dW2);
	col_sums(g->dz2, g->db2);

	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* relu: h > 0 exactly where z1 > 0 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(h, i, j) > 0.0 ?
				       gsl_matrix_get(g->dp1, i, j) : 0.0);
	gsl_matrix_free(h);

	weight_grad(X, g->dz1, net->W1, reg, g->dW1);
	col_sums(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
