// SPDX-License-Identifier: GPL-2.0
/*
 * backward.c - backward pass of the two-layer net, written out by hand.
 *
 * Raw row pointers (->data + i * ->tda) everywhere; the weight gradients
 * are built one sample at a time as rank-1 updates, the hidden gradients
 * dp1 and dz1 in one sweep over (i, h).
 */

#include <assert.h>
#include <stddef.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static inline const double *crow(const gsl_matrix *m, size_t i)
{
	return m->data + i * m->tda;
}

static inline double *row(gsl_matrix *m, size_t i)
{
	return m->data + i * m->tda;
}

/* dw = 2 * reg * w, the penalty part; the data part is added later */
static void init_decay(gsl_matrix *dw, const gsl_matrix *w, double reg)
{
	size_t i, j;

	assert(dw->size1 == w->size1 && dw->size2 == w->size2);
	for (i = 0; i < w->size1; i++) {
		const double *src = crow(w, i);
		double *dst = row(dw, i);

		for (j = 0; j < w->size2; j++)
			dst[j] = 2.0 * reg * src[j];
	}
}

/* dw += a' d and db += d, one sample (row i) at a time */
static void add_sample(gsl_matrix *dw, gsl_vector *db, const gsl_matrix *a,
		       const gsl_matrix *d, size_t i)
{
	const double *ai = crow(a, i), *di = crow(d, i);
	size_t k, m;

	for (k = 0; k < dw->size1; k++) {
		double *dwk = row(dw, k);

		for (m = 0; m < dw->size2; m++)
			dwk[m] += ai[k] * di[m];
	}
	for (m = 0; m < db->size; m++)
		db->data[m * db->stride] += di[m];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, H = net->H, C = net->C;
	const double inv_n = 1.0 / (double)N;
	size_t i, h, c;

	assert(cache->N == N && g->N == N);
	assert(X->size2 == net->D && cache->H == H && cache->C == C);

	init_decay(g->dW2, net->W2, reg);
	init_decay(g->dW1, net->W1, reg);
	gsl_vector_set_zero(g->db2);
	gsl_vector_set_zero(g->db1);

	for (i = 0; i < N; i++) {
		const double *p = crow(cache->prob, i);
		const double *z = crow(cache->z1, i);
		const double *w;
		double *dz2 = row(g->dz2, i);
		double *dp1 = row(g->dp1, i);
		double *dz1 = row(g->dz1, i);

		/* dz2 = prob / N, minus 1 / N at the label */
		for (c = 0; c < C; c++)
			dz2[c] = p[c] * inv_n;
		dz2[y[i]] -= inv_n;

		add_sample(g->dW2, g->db2, cache->p1, g->dz2, i);

		/* dp1[h] = sum_c dz2[c] W2[h][c]; dz1 = dp1 where z1 > 0 */
		for (h = 0; h < H; h++) {
			double s = 0.0;

			w = crow(net->W2, h);
			for (c = 0; c < C; c++)
				s += dz2[c] * w[c];
			dp1[h] = s;
			dz1[h] = z[h] > 0.0 ? s : 0.0;
		}

		add_sample(g->dW1, g->db1, X, g->dz1, i);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
