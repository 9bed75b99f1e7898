#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* B = alpha*op(A)*op(B) + beta*C  -- with beta=1 dgemm adds onto what is
   already in C, so no separate add needed */
int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	gsl_matrix *dS = g->dz2;
	gsl_matrix_memcpy(dS, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(dS, i, y[i], gsl_matrix_get(dS, i, y[i]) - 1.0);
	gsl_matrix_scale(dS, 1.0/N);

	/* dW2 = p1^T dS, then + 2 reg W2 */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dS, 1.0, g->dW2);
	for (i = 0; i < H; i++)
		for (j = 0; j < C; j++)
			*gsl_matrix_ptr(g->dW2, i, j) += 2*reg*gsl_matrix_get(net->W2, i, j);

	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			*gsl_vector_ptr(g->db2, j) += gsl_matrix_get(dS, i, j);

	gsl_matrix *dA = g->dp1;
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dS, net->W2, 0.0, dA);

	gsl_matrix *dZ = g->dz1;
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(dZ, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(dA, i, j) : 0);

	/* here the buffer gets 2 reg W1 first, then dgemm adds X^T dZ */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_matrix_scale(g->dW1, 2*reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dZ, 1.0, g->dW1);

	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			*gsl_vector_ptr(g->db1, j) += gsl_matrix_get(dZ, i, j);

	g->present = BP_GRADS_ALL;
	return 0;
}
