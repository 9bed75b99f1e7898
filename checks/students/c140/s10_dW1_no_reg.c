/*
 * backward.c - homework 3
 * Ahmed R.
 *
 * dW2 and dW1 with gsl_blas_dgemm, everything else with loops.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* dz2 = (probs - y_onehot) / N */
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++) {
			double p = gsl_matrix_get(cache->prob, i, j);
			if (j == y[i])
				p -= 1.0;
			gsl_matrix_set(g->dz2, i, j, p / N);
		}
	}

	/* dW2 = p1.T @ dz2 + 2*reg*W2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

	/* db2 */
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + gsl_matrix_get(g->dz2, i, j));

	/* dp1 = dz2 @ W2.T */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* dz1 = dp1 * (z1 > 0) */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			if (gsl_matrix_get(cache->z1, i, j) > 0)
				gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
			else
				gsl_matrix_set(g->dz1, i, j, 0);
		}
	}

	/* dW1 = X.T @ dz1 + 2*reg*W1 */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

	/* db1 */
	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, i, j));

	g->present = BP_GRADS_ALL;
	return 0;
}
