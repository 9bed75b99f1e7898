/*
 * backward pass -- raw pointers, row stride = tda
 * (gsl_matrix_get is slow with range checking on, so I went to ->data)
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, d = net->D, h = net->H, c = net->C;
	size_t a, b, r;
	const double *P, *Z1, *A1, *W2, *W1, *Xd;
	double *dZ2, *dA1, *dZ1;

	if (n != cache->N || X->size2 != d || g->N != n)
		return 1;

	P = cache->prob->data;  Z1 = cache->z1->data;  A1 = cache->p1->data;
	W1 = net->W1->data;     W2 = net->W2->data;    Xd = X->data;
	dZ2 = g->dz2->data;     dA1 = g->dp1->data;    dZ1 = g->dz1->data;

	for (r = 0; r < n; r++) {
		for (b = 0; b < c; b++)
			dZ2[r * g->dz2->tda + b] = P[r * cache->prob->tda + b] / n;
		dZ2[r * g->dz2->tda + y[r]] -= 1.0 / n;
	}

	/* W2 grad + bias grad */
	for (a = 0; a < h; a++) {
		for (b = 0; b < c; b++) {
			double acc = 2 * reg * W2[a * net->W2->tda + b];
			for (r = 0; r < n; r++)
				acc += A1[r * cache->p1->tda + a] * dZ2[r * g->dz2->tda + b];
			g->dW2->data[a * g->dW2->tda + b] = acc;
		}
	}
	for (b = 0; b < c; b++) {
		double acc = 0;
		for (r = 0; r < n; r++)
			acc += dZ2[r * g->dz2->tda + b];
		g->db2->data[b * g->db2->stride] = acc;
	}

	/* hidden: dA1 = dZ2 W2^T, then the relu */
	for (r = 0; r < n; r++) {
		for (a = 0; a < h; a++) {
			double acc = 0;
			for (b = 0; b < c; b++)
				acc += dZ2[r * g->dz2->tda + b] * W2[a * net->W2->tda + b];
			dA1[r * g->dp1->tda + a] = acc;
			dZ1[r * g->dz1->tda + a] = Z1[r * cache->z1->tda + a] > 0 ? acc : 0.0;
		}
	}

	for (a = 0; a < d; a++) {
		for (b = 0; b < h; b++) {
			double acc = 2 * reg * W1[a * net->W1->tda + b];
			for (r = 0; r < n; r++)
				acc += Xd[r * X->tda + a] * dZ1[r * g->dz1->tda + b];
			g->dW1->data[a * g->dW1->tda + b] = acc;
		}
	}
	for (b = 0; b < h; b++) {
		double acc = 0;
		for (r = 0; r < n; r++)
			acc += dZ1[r * g->dz1->tda + b];
		g->db1->data[b * g->db1->stride] = acc;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
