/* backward.c - two layer net, backward pass
 * raw pointers into the gsl buffers (row stride = tda), no get/set calls.
 * float accumulators: good enough for a gradient, and half the memory
 * traffic on the board I usually write for. */
#include "backprop.h"

#define ROW(m, r) ((m)->data + (size_t)(r) * (m)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t n_smp = X->size1;
	const size_t n_in = net->D, n_hid = net->H, n_cls = net->C;
	const float inv_n = 1.0f / (float)n_smp;
	const float two_reg = 2.0f * (float)reg;
	size_t r, k, h, c;

	if (n_smp != cache->N || X->size2 != n_in || g->N != n_smp)
		return 1;

	/* 1. dz2 = (prob - onehot) / N */
	for (r = 0; r < n_smp; r++) {
		const double *pr = ROW(cache->prob, r);
		double *dz = ROW(g->dz2, r);
		for (c = 0; c < n_cls; c++)
			dz[c] = (double)((float)pr[c] * inv_n);
		dz[y[r]] -= (double)inv_n;
	}

	/* 2./3. dW2, db2 */
	for (h = 0; h < n_hid; h++) {
		double *dw = ROW(g->dW2, h);
		const double *w = ROW(net->W2, h);
		for (c = 0; c < n_cls; c++) {
			float acc = 0.0f;
			for (r = 0; r < n_smp; r++)
				acc += (float)(ROW(cache->p1, r)[h] * ROW(g->dz2, r)[c]);
			dw[c] = (double)acc + two_reg * w[c];
		}
	}
	for (c = 0; c < n_cls; c++) {
		float acc = 0.0f;
		for (r = 0; r < n_smp; r++)
			acc += (float)ROW(g->dz2, r)[c];
		g->db2->data[c * g->db2->stride] = acc;
	}

	/* 4./5. dp1 = dz2 W2^T, dz1 = dp1 where z1 > 0 */
	for (r = 0; r < n_smp; r++) {
		const double *dz = ROW(g->dz2, r);
		const double *z1 = ROW(cache->z1, r);
		double *dp = ROW(g->dp1, r);
		double *dz1 = ROW(g->dz1, r);
		for (h = 0; h < n_hid; h++) {
			const double *w = ROW(net->W2, h);
			float acc = 0.0f;
			for (c = 0; c < n_cls; c++)
				acc += (float)(dz[c] * w[c]);
			dp[h] = acc;
			dz1[h] = z1[h] > 0.0 ? dp[h] : 0.0;
		}
	}

	/* 6./7. dW1 = X^T dz1 + 2 reg W1, db1 = colsum dz1 */
	for (k = 0; k < n_in; k++) {
		double *dw = ROW(g->dW1, k);
		const double *w = ROW(net->W1, k);
		for (h = 0; h < n_hid; h++) {
			float acc = 0.0f;
			for (r = 0; r < n_smp; r++)
				acc += (float)(ROW(X, r)[k] * ROW(g->dz1, r)[h]);
			dw[h] = (double)acc + two_reg * w[h];
		}
	}
	for (h = 0; h < n_hid; h++) {
		float acc = 0.0f;
		for (r = 0; r < n_smp; r++)
			acc += (float)ROW(g->dz1, r)[h];
		g->db1->data[h * g->db1->stride] = acc;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
