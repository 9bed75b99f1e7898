/*
 * backward.c -- Lab 4, backprop for the 2-layer net
 *
 * dp1 is computed once and gated in place: dead units (z1 <= 0) are
 * zeroed as we go, and dz1 is then just a copy of the gated row.
 * Saves a branch in the dW1 loop.
 */
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
	const double invN = 1.0 / (double)N;
	size_t i, j, k;

	if (N != cache->N || D != net->D || g->N != N)
		return 1;

	/* dz2 + db2 */
	memset(g->db2->data, 0, C * sizeof(double));
	for (i = 0; i < N; i++) {
		const double *restrict p = cache->prob->data + i * cache->prob->tda;
		double *restrict d = g->dz2->data + i * g->dz2->tda;
		for (k = 0; k < C; k++) {
			d[k] = (p[k] - (double)(k == y[i])) * invN;
			g->db2->data[k] += d[k];
		}
	}

	/* dW2 = 2 reg W2 + p1' dz2 */
	for (j = 0; j < H; j++) {
		double *restrict dw = g->dW2->data + j * g->dW2->tda;
		const double *restrict w = net->W2->data + j * net->W2->tda;
		for (k = 0; k < C; k++)
			dw[k] = 2.0 * reg * w[k];
	}
	for (i = 0; i < N; i++) {
		const double *restrict a = cache->p1->data + i * cache->p1->tda;
		const double *restrict d = g->dz2->data + i * g->dz2->tda;
		for (j = 0; j < H; j++) {
			double *restrict dw = g->dW2->data + j * g->dW2->tda;
			for (k = 0; k < C; k++)
				dw[k] += a[j] * d[k];
		}
	}

	/* dp1 (gated in place), dz1, db1 */
	memset(g->db1->data, 0, H * sizeof(double));
	for (i = 0; i < N; i++) {
		const double *restrict d = g->dz2->data + i * g->dz2->tda;
		const double *restrict z = cache->z1->data + i * cache->z1->tda;
		double *restrict dp = g->dp1->data + i * g->dp1->tda;
		double *restrict dz = g->dz1->data + i * g->dz1->tda;
		for (j = 0; j < H; j++) {
			const double *restrict w = net->W2->data + j * net->W2->tda;
			double s = 0.0;
			for (k = 0; k < C; k++)
				s += d[k] * w[k];
			dp[j] = s;
			if (z[j] <= 0.0)
				dp[j] = 0.0;
			dz[j] = dp[j];
			g->db1->data[j] += dz[j];
		}
	}

	/* dW1 = 2 reg W1 + X' dz1 */
	for (k = 0; k < D; k++) {
		double *restrict dw = g->dW1->data + k * g->dW1->tda;
		const double *restrict w = net->W1->data + k * net->W1->tda;
		for (j = 0; j < H; j++)
			dw[j] = 2.0 * reg * w[j];
		for (i = 0; i < N; i++) {
			const double x = X->data[i * X->tda + k];
			const double *restrict dz = g->dz1->data + i * g->dz1->tda;
			for (j = 0; j < H; j++)
				dw[j] += x * dz[j];
		}
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
