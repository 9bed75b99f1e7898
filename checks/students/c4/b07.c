#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t n, d, h, c;
	gsl_matrix *dz2 = g->dz2, *dz1 = g->dz1, *dp1 = g->dp1;

	/* softmax gradient: prob / N, minus 1 at the true class */
	for (n = 0; n < N; n++) {
		double *row = dz2->data + n * dz2->tda;
		const double *pr = cache->prob->data + n * cache->prob->tda;
		for (c = 0; c < C; c++)
			row[c] = pr[c] / N;
		row[y[n]] -= 1.0;
	}

	for (h = 0; h < H; h++)
		for (c = 0; c < C; c++) {
			double acc = 0;
			for (n = 0; n < N; n++)
				acc += cache->p1->data[n * cache->p1->tda + h] * dz2->data[n * dz2->tda + c];
			g->dW2->data[h * g->dW2->tda + c] = acc + 2 * reg * net->W2->data[h * net->W2->tda + c];
		}

	for (c = 0; c < C; c++) {
		double acc = 0;
		for (n = 0; n < N; n++)
			acc += dz2->data[n * dz2->tda + c];
		g->db2->data[c * g->db2->stride] = acc;
	}

	for (n = 0; n < N; n++)
		for (h = 0; h < H; h++) {
			double acc = 0;
			for (c = 0; c < C; c++)
				acc += dz2->data[n * dz2->tda + c] * net->W2->data[h * net->W2->tda + c];
			dp1->data[n * dp1->tda + h] = acc;
		}

	for (n = 0; n < N; n++)
		for (h = 0; h < H; h++)
			dz1->data[n * dz1->tda + h] =
				cache->z1->data[n * cache->z1->tda + h] > 0 ? dp1->data[n * dp1->tda + h] : 0.0;

	for (d = 0; d < D; d++)
		for (h = 0; h < H; h++) {
			double acc = 0;
			for (n = 0; n < N; n++)
				acc += X->data[n * X->tda + d] * dz1->data[n * dz1->tda + h];
			g->dW1->data[d * g->dW1->tda + h] = acc + 2 * reg * net->W1->data[d * net->W1->tda + h];
		}

	for (h = 0; h < H; h++) {
		double acc = 0;
		for (n = 0; n < N; n++)
			acc += dz1->data[n * dz1->tda + h];
		g->db1->data[h * g->db1->stride] = acc;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
