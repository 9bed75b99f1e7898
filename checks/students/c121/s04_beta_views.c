// hw3 backward -- Priya
// trick from office hours: copy W into dW first, then dgemm with beta = 2*reg
// so the reg term comes for free.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	// dz2: softmax minus one-hot, averaged
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++) {
		double *row = gsl_matrix_ptr(g->dz2, i, 0);
		row[y[i]] -= 1;
	}
	gsl_matrix_scale(g->dz2, 1.0 / N);

	// dW2 = p1^T dz2 + 2 reg W2   (beta does the reg)
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
	               2 * reg, g->dW2);

	// db2: add the rows of dz2 up
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
		gsl_vector_add(g->db2, &r.vector);
	}

	// dp1 = dz2 W2^T
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	// dz1: start from dp1 and kill the entries where relu was off
	gsl_matrix_memcpy(g->dz1, g->dp1);
	for (i = 0; i < N; i++) {
		const double *z = gsl_matrix_const_ptr(cache->z1, i, 0);
		double *d = gsl_matrix_ptr(g->dz1, i, 0);
		for (j = 0; j < net->H; j++)
			if (z[j] <= 0)
				d[j] = 0;
	}

	// dW1 = X^T dz1 + 2 reg W1, same trick
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

	// db1
	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
		gsl_vector_add(g->db1, &r.vector);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
