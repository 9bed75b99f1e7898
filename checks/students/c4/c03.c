#include "backprop/net.h"
#include "backprop/grads.h"

/* raw pointers, row-major with tda */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t n, d, h, c;
	double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
	double *dW1 = g->dW1->data, *dW2 = g->dW2->data;
	double *db1 = g->db1->data, *db2 = g->db2->data;
	const double *P = cache->prob->data, *p1 = cache->p1->data, *z1 = cache->z1->data;
	const double *W1 = net->W1->data, *W2 = net->W2->data, *x = X->data;
	size_t tz2 = g->dz2->tda, tp1 = g->dp1->tda, tz1 = g->dz1->tda;
	size_t tW1 = g->dW1->tda, tW2 = g->dW2->tda;
	size_t sb1 = g->db1->stride, sb2 = g->db2->stride;

	for (n = 0; n < N; n++) {
		for (c = 0; c < C; c++)
			dz2[n*tz2 + c] = P[n*cache->prob->tda + c] / N;
		dz2[n*tz2 + y[n]] -= 1.0 / N;
	}

	for (h = 0; h < H; h++)
		for (c = 0; c < C; c++) {
			double s = 2 * reg * W2[h*net->W2->tda + c];
			for (n = 0; n < N; n++)
				s += p1[n*cache->p1->tda + h] * dz2[n*tz2 + c];
			dW2[h*tW2 + c] = s;
		}

	for (c = 0; c < C; c++) {
		double s = 0;
		for (n = 0; n < N; n++)
			s += dz2[n*tz2 + c];
		db2[c*sb2] = s;
	}

	for (n = 0; n < N; n++)
		for (h = 0; h < H; h++) {
			double s = 0;
			for (c = 0; c < C; c++)
				s += dz2[n*tz2 + c] * W2[h*net->W2->tda + c];
			dp1[n*tp1 + h] = s;
		}

	for (n = 0; n < N; n++)
		for (h = 0; h < H; h++)
			dz1[n*tz1 + h] = z1[n*cache->z1->tda + h] > 0 ? dp1[n*tp1 + h] : 0;

	for (d = 0; d < D; d++)
		for (h = 0; h < H; h++) {
			double s = 2 * reg * W1[d*net->W1->tda + h];
			for (n = 0; n < N; n++)
				s += x[n*X->tda + d] * dz1[n*tz1 + h];
			dW1[d*tW1 + h] = s;
		}

	for (h = 0; h < H; h++) {
		double s = 0;
		for (n = 0; n < N; n++)
			s += dz1[n*tz1 + h];
		db1[h*sb1] = s;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
