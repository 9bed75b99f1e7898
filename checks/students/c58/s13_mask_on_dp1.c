/*
 * backward.c
 * ML evening course -- exercise 3 (backpropagation)
 *
 * work (N x H) and scratch (length max(C, H)) are allocated at the
 * start and used by several steps; both freed in one place at the end.
 * Pointer walks over ->data, rows are tda apart.
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
	gsl_matrix *work;
	gsl_vector *scratch;
	double *dst;
	const double *src;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;
	work = gsl_matrix_alloc(N, H);
	if (work == NULL)
		return 1;
	scratch = gsl_vector_alloc(H > C ? H : C);
	if (scratch == NULL) {
		gsl_matrix_free(work);
		return 1;
	}

	/* dz2 = (prob - onehot) / N */
	for (i = 0; i < N; i++) {
		src = cache->prob->data + i * cache->prob->tda;
		dst = g->dz2->data + i * g->dz2->tda;
		for (j = 0; j < C; j++)
			*dst++ = (*src++ - (j == y[i] ? 1.0 : 0.0)) / (double)N;
	}

	/* dW2 = p1' dz2 + 2 reg W2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
		       2.0 * reg, g->dW2);

	/* db2: column sums of dz2 in scratch[0..C) */
	gsl_vector_set_zero(scratch);
	for (i = 0; i < N; i++) {
		src = g->dz2->data + i * g->dz2->tda;
		for (j = 0; j < C; j++)
			scratch->data[j] += src[j];
	}
	for (j = 0; j < C; j++)
		gsl_vector_set(g->db2, j, scratch->data[j]);

	/* dp1 = dz2 W2' */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, work);
	gsl_matrix_memcpy(g->dp1, work);

	/* dz1: relu backward, only positive values pass */
	for (i = 0; i < N; i++) {
		src = work->data + i * work->tda;
		dst = g->dz1->data + i * g->dz1->tda;
		for (j = 0; j < H; j++, src++)
			*dst++ = (*src > 0.0) ? *src : 0.0;
	}

	/* dW1 = X' dz1 + 2 reg W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
		       2.0 * reg, g->dW1);

	/* db1: column sums of dz1 in scratch[0..H) */
	gsl_vector_set_zero(scratch);
	for (i = 0; i < N; i++) {
		src = g->dz1->data + i * g->dz1->tda;
		for (j = 0; j < H; j++)
			scratch->data[j] += src[j];
	}
	for (j = 0; j < H; j++)
		gsl_vector_set(g->db1, j, scratch->data[j]);

	gsl_vector_free(scratch);
	gsl_matrix_free(work);
	g->present = BP_GRADS_ALL;
	return 0;
}
