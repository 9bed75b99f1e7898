/* Backward pass (HW 3).
 *
 *   diff   = P - Y                 (N x C)
 *   delta2 = diff / N              (this is dz2)
 *   dW2    = p1' delta2 + 2 reg W2
 *   db2    = 1' delta2
 *   dp1    = delta2 W2'
 *   delta1 = dp1 .* (z1 > 0)       (this is dz1)
 *   dW1    = X' delta1 + 2 reg W1
 *   db1    = 1' delta1
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	gsl_matrix *Y = gsl_matrix_calloc(N, C);
	gsl_matrix *diff = gsl_matrix_alloc(N, C);
	gsl_matrix *mask = gsl_matrix_alloc(N, H);
	gsl_vector *ones = gsl_vector_alloc(N);
	gsl_vector_set_all(ones, 1.0);

	for (i = 0; i < N; i++)
		gsl_matrix_set(Y, i, y[i], 1.0);

	gsl_matrix_memcpy(diff, cache->prob);
	gsl_matrix_sub(diff, Y);
	gsl_matrix_memcpy(g->dz2, diff);
	gsl_matrix_scale(g->dz2, 1.0 / (double) N);

	/* output layer */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

	/* hidden layer */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, diff, net->W2, 0.0, g->dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
	gsl_matrix_memcpy(g->dz1, g->dp1);
	gsl_matrix_mul_elements(g->dz1, mask);

	/* input layer */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

	gsl_matrix_free(Y);
	gsl_matrix_free(diff);
	gsl_matrix_free(mask);
	gsl_vector_free(ones);

	g->present = BP_GRADS_ALL;
	return 0;
}
