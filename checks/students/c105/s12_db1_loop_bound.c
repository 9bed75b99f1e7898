/*
 * backward.c -- homework 6 (due friday!!)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t n, c, h;
	double *src;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* dscores */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (n = 0; n < N; n++) {
		src = gsl_matrix_ptr(g->dz2, n, y[n]);
		*src -= 1.0;
	}
	gsl_matrix_scale(g->dz2, 1.0 / (double)N);

	/* W2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_matrix_scale(g->dW2, 2.0 * reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

	/* b2 */
	gsl_vector_set_zero(g->db2);
	for (n = 0; n < N; n++)
		for (c = 0; c < C; c++)
			*gsl_vector_ptr(g->db2, c) += gsl_matrix_get(g->dz2, n, c);

	/* hidden layer */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
	for (n = 0; n < N; n++)
		for (h = 0; h < H; h++)
			gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(cache->z1, n, h) > 0.0
				       ? gsl_matrix_get(g->dp1, n, h) : 0.0);

	/* W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_matrix_scale(g->dW1, 2.0 * reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

	/* b1, same as b2 */
	gsl_vector_set_zero(g->db1);
	for (n = 0; n < N; n++)
		for (c = 0; c < C; c++)
			*gsl_vector_ptr(g->db1, c) += gsl_matrix_get(g->dz1, n, c);

	g->present = BP_GRADS_ALL;
	return 0;
}
