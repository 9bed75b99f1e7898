/* Lab 4 -- backward pass.  Inner loops unrolled by two (odd tail handled
 * after), pointers walk the rows, tda for the step between rows. */
#include "backprop/net.h"
#include "backprop/grads.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;
	const double invN = 1.0 / (double) N, r2 = 2.0 * reg;
	double *db2 = g->db2->data, *db1 = g->db1->data;
	const double *p, *q;
	double *o;

	if (cache->N != N || g->N != N)
		return 1;

	/* dz2 and db2 in one sweep */
	for (k = 0; k < C; k++)
		db2[k * g->db2->stride] = 0.0;
	for (i = 0; i < N; i++) {
		p = cache->prob->data + i * cache->prob->tda;
		o = g->dz2->data + i * g->dz2->tda;
		for (k = 0; k + 1 < C; k += 2) {
			o[k] = p[k] * invN;
			o[k + 1] = p[k + 1] * invN;
		}
		if (k < C)
			o[k] = p[k] * invN;
		o[y[i]] -= invN;
		for (k = 0; k < C; k++)
			db2[k * g->db2->stride] += o[k];
	}

	/* dW2[j][k] = sum_i p1[i][j] dz2[i][k] + 2 reg W2[j][k] */
	for (j = 0; j < H; j++) {
		o = g->dW2->data + j * g->dW2->tda;
		q = net->W2->data + j * net->W2->tda;
		for (k = 0; k < C; k++) {
			double s = 0.0;
			for (i = 0; i + 1 < N; i += 2)
				s += cache->p1->data[i * cache->p1->tda + j] * g->dz2->data[i * g->dz2->tda + k]
				   + cache->p1->data[(i + 1) * cache->p1->tda + j] * g->dz2->data[(i + 1) * g->dz2->tda + k];
			if (i < N)
				s += cache->p1->data[i * cache->p1->tda + j] * g->dz2->data[i * g->dz2->tda + k];
			o[k] = s + r2 * q[k];
		}
	}

	/* dp1 = dz2 W2^T, then dz1 = dp1 masked by z1 > 0, row by row */
	for (j = 0; j < H; j++)
		db1[j * g->db1->stride] = 0.0;
	for (i = 0; i < N; i++) {
		const double *d = g->dz2->data + i * g->dz2->tda;
		const double *z = cache->z1->data + i * cache->z1->tda;
		double *dp = g->dp1->data + i * g->dp1->tda;
		double *dz = g->dz1->data + i * g->dz1->tda;
		for (j = 0; j < H; j++) {
			const double *w = net->W2->data + j * net->W2->tda;
			double s0 = 0.0, s1 = 0.0;
			for (k = 0; k + 1 < C; k += 2) {
				s0 += d[k] * w[k];
				s1 += d[k + 1] * w[k + 1];
			}
			if (k < C)
				s0 += d[k] * w[k];
			dp[j] = s0 + s1;
			dz[j] = (z[j] > 0) ? dp[j] : 0.0;
			db1[j * g->db1->stride] += dz[j];
		}
	}

	/* dW1 = X^T dz1 + 2 reg W1 */
	for (k = 0; k < D; k++) {
		o = g->dW1->data + k * g->dW1->tda;
		q = net->W1->data + k * net->W1->tda;
		for (j = 0; j < H; j++)
			o[j] = r2 * q[j];
		for (i = 0; i < N; i++) {
			const double xk = X->data[i * X->tda + k];
			const double *dz = g->dz1->data + i * g->dz1->tda;
			for (j = 0; j + 1 < H; j += 2) {
				o[j] += xk * dz[j];
				o[j + 1] += xk * dz[j + 1];
			}
			if (j < H)
				o[j] += xk * dz[j];
		}
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
