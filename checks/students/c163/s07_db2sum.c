/*
 * Two layer net, backward pass (HW3)
 * Author: (removed for grading)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* ---- output layer ---- */
	for (i = 0; i < N; i++) {
		for (j = 0; j < net->C; j++) {
			double d = gsl_matrix_get(cache->prob, i, j);
			if (j == y[i])
				d = d - 1;
			gsl_matrix_set(g->dz2, i, j, d / N);
		}
	}

	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
		       2 * reg, g->dW2);

	/* bias gradient = column sums of dz2 */
	for (i = 0; i < N; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
		gsl_vector_add(g->db2, &r.vector);
	}

	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
		       g->dp1);

	/* ---- hidden layer ---- */
	for (i = 0; i < N; i++) {
		for (j = 0; j < net->H; j++) {
			if (gsl_matrix_get(cache->z1, i, j) > 0)
				gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
			else
				gsl_matrix_set(g->dz1, i, j, 0);
		}
	}

	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
		gsl_vector_add(g->db1, &r.vector);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
