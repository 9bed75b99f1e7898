/*
 * backward.c - backprop for the 2 layer net (exercise 3)
 *
 * One calloc'd work area for the whole pass (no malloc per step, we do
 * not do that on the target either).  Raw ->data access, row pitch is
 * tda.  Returns -1 if the work area cannot be had.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1;
	const size_t D = net->D;
	const size_t H = net->H;
	const size_t C = net->C;
	const double invN = 1.0 / (double)N;
	double *work;       /* N*C (dz2) followed by N*H (hidden) */
	double *dz2_w;
	double *hid_w;
	double *colacc;     /* max(C,H) column sums */
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return -1;

	work = calloc(N * C + N * H, sizeof(double));
	if (!work)
		return -1;
	colacc = calloc(H > C ? H : C, sizeof(double));
	if (!colacc) {
		free(work);
		return -1;
	}
	dz2_w = work;
	hid_w = work + N * C;

	/* 1. dz2 = prob/N - onehot/N */
	for (i = 0; i < N; i++) {
		const double *pr = cache->prob->data + i * cache->prob->tda;
		for (k = 0; k < C; k++)
			dz2_w[i * C + k] = pr[k] * invN;
		dz2_w[i * C + y[i]] -= invN;
	}
	for (i = 0; i < N; i++)
		memcpy(g->dz2->data + i * g->dz2->tda, dz2_w + i * C,
		       C * sizeof(double));

	/* 2. dW2: start from 2 reg W2, then add p1^T dz2 one sample at a time */
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			g->dW2->data[j * g->dW2->tda + k] =
				2.0 * reg * net->W2->data[j * net->W2->tda + k];
	for (i = 0; i < N; i++) {
		const double *a = cache->p1->data + i * cache->p1->tda;
		for (j = 0; j < H; j++) {
			if (a[j] == 0.0)
				continue;            /* dead unit, adds nothing */
			for (k = 0; k < C; k++)
				g->dW2->data[j * g->dW2->tda + k] += a[j] * dz2_w[i * C + k];
		}
	}

	/* 3. db2 */
	memset(colacc, 0, C * sizeof(double));
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			colacc[k] += dz2_w[i * C + k];
	for (k = 0; k < C; k++)
		g->db2->data[k * g->db2->stride] = colacc[k];

	/* 4. dp1 = dz2 W2^T */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double s = 0.0;
			const double *w = net->W2->data + j * net->W2->tda;
			for (k = 0; k < C; k++)
				s += dz2_w[i * C + k] * w[k];
			hid_w[i * H + j] = s;
			g->dp1->data[i * g->dp1->tda + j] = s;
		}

	/* 5. dz1: p1 > 0 is the same test as z1 > 0 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			if (!(cache->p1->data[i * cache->p1->tda + j] > 0.0))
				hid_w[i * H + j] = 0.0;
			g->dz1->data[i * g->dz1->tda + j] = hid_w[i * H + j];
		}

	/* 6. dW1 = X^T dz1 + 2 reg W1 */
	for (k = 0; k < D; k++)
		for (j = 0; j < H; j++) {
			double s = 2.0 * reg * net->W1->data[k * net->W1->tda + j];
			for (i = 0; i < N; i++)
				s += X->data[i * X->tda + k] * hid_w[i * H + j];
			g->dW1->data[k * g->dW1->tda + j] = s;
		}

	/* 7. db1 */
	memset(colacc, 0, H * sizeof(double));
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			colacc[j] += hid_w[i * H + j];
	for (j = 0; j < H; j++)
		g->db1->data[j * g->db1->stride] = colacc[j];

	free(colacc);
	free(work);
	g->present = BP_GRADS_ALL;
	return 0;
}
