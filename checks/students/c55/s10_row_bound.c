// SPDX-License-Identifier: GPL-2.0
/*
 * backward.c - backward pass of the two-layer net, plain loops over the
 * raw row-major storage (row i of m starts at m->data + i * m->tda).
 */

#include <assert.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

#define ROWP(m, i) ((m)->data + (i) * (m)->tda)

/* dw = a^T d + 2 reg w;  a (n, k), d (n, m), w and dw (k, m) */
static void weight_grad(const gsl_matrix *a, const gsl_matrix *d,
			const gsl_matrix *w, double reg, gsl_matrix *dw)
{
	size_t i, r, c;

	assert(a->size1 == d->size1 && dw->size1 == a->size2);
	for (r = 0; r < dw->size1; r++) {
		const double *wr = ROWP(w, r);
		double *dwr = ROWP(dw, r);

		for (c = 0; c < dw->size2; c++) {
			double s = 0.0;

			for (i = 0; i < a->size1; i++)
				s += ROWP(a, i)[r] * ROWP(d, i)[c];
			dwr[c] = s + 2.0 * reg * wr[c];
		}
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, H = net->H, C = net->C;
	size_t i, h, c;

	assert(cache->N == N && g->N == N && X->size2 == net->D);

	/* dz2 */
	for (i = 0; i < N; i++) {
		const double *p = ROWP(cache->prob, i);
		double *d = ROWP(g->dz2, i);

		for (c = 0; c < C; c++)
			d[c] = (p[c] - (c == y[i])) / (double)N;
	}

	weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);

	/* db2 = column sums of dz2 */
	for (c = 0; c < C; c++) {
		double s = 0.0;

		for (i = 0; i < N - 1; i++)
			s += ROWP(g->dz2, i)[c];
		g->db2->data[c * g->db2->stride] = s;
	}

	/* dp1 = dz2 W2^T, dz1 = dp1 * [z1 > 0] */
	for (i = 0; i < N; i++) {
		const double *d = ROWP(g->dz2, i), *z = ROWP(cache->z1, i);
		double *dp = ROWP(g->dp1, i), *dz = ROWP(g->dz1, i);

		for (h = 0; h < H; h++) {
			const double *w = ROWP(net->W2, h);
			double s = 0.0;

			for (c = 0; c < C; c++)
				s += d[c] * w[c];
			dp[h] = s;
			dz[h] = z[h] > 0.0 ? s : 0.0;
		}
	}

	weight_grad(X, g->dz1, net->W1, reg, g->dW1);

	/* db1 = column sums of dz1 */
	for (h = 0; h < H; h++) {
		double s = 0.0;

		for (i = 0; i < N; i++)
			s += ROWP(g->dz1, i)[h];
		g->db1->data[h * g->db1->stride] = s;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
