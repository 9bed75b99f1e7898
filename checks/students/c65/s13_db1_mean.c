#include "backprop.h"
#include <gsl/gsl_blas.h>

/* backward pass.  gradients go straight into g; dz1 is made from dp1 by
 * copy + mul_elements with a 0/1 mask that I build in dz1's place first
 * ... no, simpler: copy, then zero. */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C, i, j;
	double acc;

	if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++) {
		double *e = gsl_matrix_ptr(g->dz2, i, y[i]);
		*e = *e - 1;
	}
	gsl_matrix_scale(g->dz2, 1.0/N);

	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_matrix_scale(g->dW2, 2*reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, cache->p1, g->dz2, 1, g->dW2);

	for (j = 0; j < C; j++) {
		gsl_vector_view col = gsl_matrix_column(g->dz2, j);
		acc = 0;
		for (i = 0; i < N; i++) acc += gsl_vector_get(&col.vector, i);
		gsl_vector_set(g->db2, j, acc);
	}

	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, g->dz2, net->W2, 0, g->dp1);

	gsl_matrix_memcpy(g->dz1, g->dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0) gsl_matrix_set(g->dz1, i, j, 0);

	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_matrix_scale(g->dW1, 2*reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, X, g->dz1, 1, g->dW1);

	/* bias = average gradient over the batch */
	for (j = 0; j < H; j++) {
		gsl_vector_view col = gsl_matrix_column(g->dz1, j);
		acc = 0;
		for (i = 0; i < N; i++) acc += gsl_vector_get(&col.vector, i);
		gsl_vector_set(g->db1, j, acc / N);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
