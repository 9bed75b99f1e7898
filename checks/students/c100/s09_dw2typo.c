/* ML3 Assignment 2 -- backward pass
 * Uses gsl_blas_dgemm for the matrix products (see lab sheet 3). */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* --- softmax layer --- */
	for (i = 0; i < N; i++) {
		for (j = 0; j < net->C; j++) {
			double p = gsl_matrix_get(cache->prob, i, j);
			gsl_matrix_set(g->dz2, i, j, (j == y[i] ? p - 1.0 : p) / (double) N);
		}
	}

	/* --- second affine layer --- */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
	               2.0 * reg, g->dW2);   /* dW2 = p1^T dz2 + 2 reg W2 */

	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++) {
		gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, i);
		gsl_vector_add(g->db2, &row.vector);
	}

	/* dhidden = dscores * W2^T */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, g->dW2, 0.0, g->dp1);

	/* --- relu --- */
	gsl_matrix_memcpy(g->dz1, g->dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < net->H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				gsl_matrix_set(g->dz1, i, j, 0.0);

	/* --- first affine layer --- */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++) {
		gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, i);
		gsl_vector_add(g->db1, &row.vector);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
