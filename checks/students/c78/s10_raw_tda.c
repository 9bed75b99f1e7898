/*
 * backward.c -- lab 3.
 * Straight on the ->data arrays with the tda (row stride), no get/set
 * calls in the inner loops: row i, column j of A is A->data[i*A->tda + j].
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	const double *prob = cache->prob->data, *p1 = cache->p1->data;
	const double *z1 = cache->z1->data, *x = X->data;
	const double *w1 = net->W1->data, *w2 = net->W2->data;
	double *dz2 = g->dz2->data, *dw2 = g->dW2->data, *db2 = g->db2->data;
	double *dp1 = g->dp1->data, *dz1 = g->dz1->data;
	double *dw1 = g->dW1->data, *db1 = g->db1->data;
	const size_t tp = cache->prob->tda, th = cache->p1->tda, tz = cache->z1->tda;
	const size_t tx = X->tda, tw1 = net->W1->tda, tw2 = net->W2->tda;
	const size_t tdz2 = g->dz2->tda, tdw2 = g->dW2->tda, tdp1 = g->dp1->tda;
	const size_t tdz1 = g->dz1->tda, tdw1 = g->dW1->tda;
	const size_t sb2 = g->db2->stride, sb1 = g->db1->stride;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* dz2 */
	for (i = 0; i < N; i++) {
		for (k = 0; k < C; k++)
			dz2[i*tdz2 + k] = prob[i*tp + k] / N;
		dz2[i*tdz2 + y[i]] -= 1.0 / N;
	}

	/* dW2 = p1^T dz2, then the reg term; db2 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			for (k = 0; k < C; k++)
				dw2[j*tdw2 + k] += p1[i*th + j] * dz2[i*tdz2 + k];
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			dw2[j*tdw2 + k] += 2.0 * reg * w2[j*tw2 + k];
	for (k = 0; k < C; k++) {
		db2[k*sb2] = 0.0;
		for (i = 0; i < N; i++)
			db2[k*sb2] += dz2[i*tdz2 + k];
	}

	/* dp1 = dz2 W2^T, dz1 = dp1 masked by z1 > 0 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double s = 0.0;
			for (k = 0; k < C; k++)
				s += dz2[i*tdz2 + k] * w2[j*tw2 + k];
			dp1[i*tdp1 + j] = s;
			dz1[i*tdz1 + j] = z1[i*tz + j] > 0.0 ? s : 0.0;
		}

	/* dW1 = X^T dz1 + 2 reg W1; db1 */
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++) {
			double s = 2.0 * reg * w1[i*tw1 + j];
			for (k = 0; k < N; k++)
				s += x[k*tx + i] * dz1[k*tdz1 + j];
			dw1[i*tdw1 + j] = s;
		}
	for (j = 0; j < H; j++) {
		db1[j*sb1] = 0.0;
		for (i = 0; i < N; i++)
			db1[j*sb1] += dz1[i*tdz1 + j];
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
