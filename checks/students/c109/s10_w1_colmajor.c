/*
 * backward.c -- CS assignment, backprop through the 2 layer net
 *
 * Raw pointers into the gsl data.  A (rows x cols) matrix has element
 * (r,c) at r*cols + c.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t n, d, h, c;
	double *x = X->data;
	double *w1 = net->W1->data, *w2 = net->W2->data;
	double *pr = cache->prob->data, *a1 = cache->p1->data, *z1 = cache->z1->data;
	double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
	double *dw1 = g->dW1->data, *dw2 = g->dW2->data;

	/* dz2 */
	for (n = 0; n < N; n++) {
		for (c = 0; c < C; c++)
			dz2[n*C + c] = pr[n*C + c] / N;
		dz2[n*C + y[n]] -= 1.0 / N;
	}

	/* dW2 (H x C) */
	for (h = 0; h < H; h++)
		for (c = 0; c < C; c++) {
			double s = 0.0;
			for (n = 0; n < N; n++)
				s += a1[n*H + h] * dz2[n*C + c];
			dw2[h*C + c] = s + 2.0 * reg * w2[h*C + c];
		}

	/* db2 (C) */
	for (c = 0; c < C; c++) {
		double s = 0.0;
		for (n = 0; n < N; n++)
			s += dz2[n*C + c];
		g->db2->data[c] = s;
	}

	/* dp1 (N x H) and dz1 */
	for (n = 0; n < N; n++)
		for (h = 0; h < H; h++) {
			double s = 0.0;
			for (c = 0; c < C; c++)
				s += dz2[n*C + c] * w2[h*C + c];
			dp1[n*H + h] = s;
		}
	for (n = 0; n < N * H; n++)
		dz1[n] = z1[n] > 0.0 ? dp1[n] : 0.0;

	/* dW1 (D x H) */
	for (h = 0; h < H; h++)
		for (d = 0; d < D; d++) {
			double s = 0.0;
			for (n = 0; n < N; n++)
				s += x[n*D + d] * dz1[n*H + h];
			dw1[d*H + h] = s + 2.0 * reg * w1[h*D + d];
		}

	/* db1 (H) */
	for (h = 0; h < H; h++) {
		double s = 0.0;
		for (n = 0; n < N; n++)
			s += dz1[n*H + h];
		g->db1->data[h] = s;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
