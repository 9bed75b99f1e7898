// SPDX-License-Identifier: GPL-2.0
/*
 * backward.c - backward pass of the two-layer net over raw storage.
 *
 * Every matrix is walked through its data pointer and its leading
 * dimension (tda), named ld* below, as in BLAS.
 */

#include <assert.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	const size_t ldx = X->tda, ldh = cache->z1->tda, ldc = cache->prob->tda;
	const size_t ldw1 = net->W1->tda, ldw2 = net->W2->tda;
	const double *x = X->data, *z1 = cache->z1->data, *p1 = cache->p1->data;
	const double *prob = cache->prob->data;
	const double *w1 = net->W1->data, *w2 = net->W2->data;
	double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
	double *dw1 = g->dW1->data, *dw2 = g->dW2->data;
	size_t i, d, h, c;

	assert(cache->N == N && g->N == N && X->size2 == D);
	assert(g->dz2->tda == ldc && g->dp1->tda == ldh && g->dz1->tda == ldh);
	assert(cache->p1->tda == ldh);
	assert(g->dW1->tda == ldw1 && g->dW2->tda == ldw2);

	/* dz2 = (prob - onehot) / N */
	for (i = 0; i < N; i++)
		for (c = 0; c < C; c++)
			dz2[i * ldc + c] = (prob[i * ldc + c] -
					    (c == y[i] ? 1.0 : 0.0)) / N;

	/* dW2 = p1^T dz2 + 2 reg W2 */
	for (h = 0; h < H; h++)
		for (c = 0; c < C; c++) {
			double s = 2.0 * reg * w2[h * ldw2 + c];

			for (i = 0; i < N; i++)
				s += p1[i * ldh + h] * dz2[i * ldc + c];
			dw2[h * ldw2 + c] = s;
		}

	/* db2 */
	for (c = 0; c < C; c++) {
		double s = 0.0;

		for (i = 0; i < N; i++)
			s += dz2[i * ldc + c];
		gsl_vector_set(g->db2, c, s);
	}

	/* dp1 = dz2 W2^T, dz1 = dp1 [z1 > 0] */
	for (i = 0; i < N; i++)
		for (h = 0; h < H; h++) {
			double s = 0.0;

			for (c = 0; c < C; c++)
				s += dz2[i * ldc + c] * w2[h * ldw2 + c];
			dp1[i * ldh + h] = s;
			dz1[i * ldh + h] = z1[i * ldh + h] > 0.0 ? s : 0.0;
		}

	/* dW1 = X^T dz1 + 2 reg W1 */
	for (d = 0; d < D; d++)
		for (h = 0; h < H; h++) {
			double s = 2.0 * reg * w1[d * ldw1 + h];

			for (i = 0; i < N; i++)
				s += x[i * ldx + d] * dz1[i * ldh + h];
			dw1[d * ldx + h] = s;
		}

	/* db1 */
	for (h = 0; h < H; h++) {
		double s = 0.0;

		for (i = 0; i < N; i++)
			s += dz1[i * ldh + h];
		gsl_vector_set(g->db1, h, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
