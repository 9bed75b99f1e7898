/* Lab 3 -- backward.c
 * Fused: dz2+db2, then dp1+gate+db1 in one sweep.  Row pointers set up
 * once per row.  dW1/dW2 as i-k-j loops (row of the output in the inner
 * loop), started from 2 reg W. */

#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static void start_from_reg(gsl_matrix *dW, const gsl_matrix *W, double two_reg)
{
	size_t r, c;
	for (r = 0; r < W->size1; r++) {
		double *restrict o = dW->data + r * dW->tda;
		const double *restrict w = W->data + r * W->tda;
		for (c = 0; c < W->size2; c++)
			o[c] = two_reg * w[c];
	}
}

/* dW += A' B, one row of A and B at a time */
static void add_atb(gsl_matrix *dW, const gsl_matrix *A, const gsl_matrix *B)
{
	size_t i, r, c;
	for (i = 0; i < A->size1; i++) {
		const double *restrict a = A->data + i * A->tda;
		const double *restrict b = B->data + i * B->tda;
		for (r = 0; r < A->size2; r++) {
			double *restrict o = dW->data + r * dW->tda;
			const double ar = a[r];
			for (c = 0; c < B->size2; c++)
				o[c] += ar * b[c];
		}
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	const double inv_n = 1.0 / (double)N, two_reg = 2.0 * reg;
	double *restrict db2 = g->db2->data, *restrict db1 = g->db1->data;
	const double *restrict zr = cache->z1->data;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	memset(db2, 0, C * sizeof(double));
	for (i = 0; i < N; i++) {
		const double *restrict pr = cache->prob->data + i * cache->prob->tda;
		double *restrict dz = g->dz2->data + i * g->dz2->tda;
		for (k = 0; k < C; k++)
			dz[k] = pr[k] * inv_n;
		dz[y[i]] -= inv_n;
		for (k = 0; k < C; k++)
			db2[k] += dz[k];
	}

	start_from_reg(g->dW2, net->W2, two_reg);
	add_atb(g->dW2, cache->p1, g->dz2);

	memset(db1, 0, H * sizeof(double));
	for (i = 0; i < N; i++) {
		const double *restrict dz = g->dz2->data + i * g->dz2->tda;
		double *restrict dp = g->dp1->data + i * g->dp1->tda;
		double *restrict dh = g->dz1->data + i * g->dz1->tda;
		for (j = 0; j < H; j++) {
			const double *restrict w = net->W2->data + j * net->W2->tda;
			double s = 0.0;
			for (k = 0; k < C; k++)
				s += dz[k] * w[k];
			dp[j] = s;
			dh[j] = zr[j] > 0.0 ? s : 0.0;
			db1[j] += dh[j];
		}
	}

	start_from_reg(g->dW1, net->W1, two_reg);
	add_atb(g->dW1, X, g->dz1);

	g->present = BP_GRADS_ALL;
	return 0;
}
