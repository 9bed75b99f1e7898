/*
 * backward.c - backprop for the 2 layer net
 *
 * dZ2raw holds probs - onehot, BEFORE the division by N; I keep it
 * because I wanted to print it while debugging.  dA1 holds dp1 / dz1.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *dZ2raw, *dA1;
static size_t cur_N, cur_H, cur_C;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	if (dZ2raw == NULL || N != cur_N || H != cur_H || C != cur_C) {
		if (dZ2raw) {
			gsl_matrix_free(dZ2raw);
			gsl_matrix_free(dA1);
		}
		dZ2raw = gsl_matrix_alloc(N, C);
		dA1 = gsl_matrix_alloc(N, H);
		cur_N = N;
		cur_H = H;
		cur_C = C;
	}

	/* dz2 */
	gsl_matrix_memcpy(dZ2raw, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(dZ2raw, i, y[i], gsl_matrix_get(dZ2raw, i, y[i]) - 1);
	gsl_matrix_memcpy(g->dz2, dZ2raw);
	gsl_matrix_scale(g->dz2, 1.0 / N);

	/* dW2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
		       2 * reg, g->dW2);

	/* db2: sum the rows */
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			*gsl_vector_ptr(g->db2, j) += gsl_matrix_get(dZ2raw, i, j);

	/* dp1 */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, dA1);
	gsl_matrix_memcpy(g->dp1, dA1);

	/* dz1 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0)
				gsl_matrix_set(dA1, i, j, 0);
	gsl_matrix_memcpy(g->dz1, dA1);

	/* dW1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dA1, 2 * reg, g->dW1);

	/* db1 */
	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			*gsl_vector_ptr(g->db1, j) += gsl_matrix_get(dA1, i, j);

	g->present = BP_GRADS_ALL;
	return 0;
}
