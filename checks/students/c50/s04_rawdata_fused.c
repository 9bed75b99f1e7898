/* backward.c -- one pass over the samples, every gradient row by row.
 * Raw ->data with ->tda, get/set was slow when I timed it.
 * The reg part (2*reg*W, no 0.5 in our loss) goes in first, then each
 * sample adds its part. */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t n, d, h, c;
	double *dW1 = g->dW1->data, *dW2 = g->dW2->data;
	double *db1 = g->db1->data, *db2 = g->db2->data;
	size_t ldW1 = g->dW1->tda, ldW2 = g->dW2->tda;
	size_t sb1 = g->db1->stride, sb2 = g->db2->stride;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	for (h = 0; h < H; h++)
		for (c = 0; c < C; c++)
			dW2[h*ldW2 + c] = 2.0*reg*net->W2->data[h*net->W2->tda + c];
	for (d = 0; d < D; d++)
		for (h = 0; h < H; h++)
			dW1[d*ldW1 + h] = 2.0*reg*net->W1->data[d*net->W1->tda + h];
	for (c = 0; c < C; c++)
		db2[c*sb2] = 0.0;
	for (h = 0; h < H; h++)
		db1[h*sb1] = 0.0;

	for (n = 0; n < N; n++) {
		const double *prob = cache->prob->data + n*cache->prob->tda;
		const double *z1 = cache->z1->data + n*cache->z1->tda;
		const double *p1 = cache->p1->data + n*cache->p1->tda;
		const double *x = X->data + n*X->tda;
		double *dz2 = g->dz2->data + n*g->dz2->tda;
		double *dp1 = g->dp1->data + n*g->dp1->tda;
		double *dz1 = g->dz1->data + n*g->dz1->tda;

		/* row n of dz2 */
		for (c = 0; c < C; c++)
			dz2[c] = (prob[c] - (c == y[n] ? 1.0 : 0.0)) / (double)N;

		/* dW2 += outer(p1_n, dz2_n), db2 += dz2_n */
		for (h = 0; h < H; h++)
			for (c = 0; c < C; c++)
				dW2[h*ldW2 + c] += p1[h]*dz2[c];
		for (c = 0; c < C; c++)
			db2[c*sb2] += dz2[c];

		/* row n of dp1 = dz2_n W2^T, and straight through the relu */
		for (h = 0; h < H; h++) {
			const double *w = net->W2->data + h*net->W2->tda;
			double s = 0.0;
			for (c = 0; c < C; c++)
				s += dz2[c]*w[c];
			dp1[h] = s;
			dz1[h] = z1[h] > 0.0 ? s : 0.0;
		}

		/* dW1 += outer(x_n, dz1_n), db1 += dz1_n */
		for (d = 0; d < D; d++)
			for (h = 0; h < H; h++)
				dW1[d*ldW1 + h] += x[d]*dz1[h];
		for (h = 0; h < H; h++)
			db1[h*sb1] += dz1[h];
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
