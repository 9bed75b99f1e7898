/*
 * Lab 8 - Neural Networks
 * Backward pass of 2 layer net (affine - relu - affine - softmax)
 *
 * I am recomputing the softmax from the scores z2 myself instead of
 * using cache->prob, sir said both are ok.
 */
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* softmax of row i of scores, written into row i of out */
static void softmax_row(const gsl_matrix *scores, size_t i, gsl_matrix *out)
{
	size_t c, C = scores->size2;
	double mx = gsl_matrix_get(scores, i, 0), tot = 0;

	for (c = 1; c < C; c++)
		if (gsl_matrix_get(scores, i, c) > mx)
			mx = gsl_matrix_get(scores, i, c);
	for (c = 0; c < C; c++) {
		double e = exp(gsl_matrix_get(scores, i, c) - mx);
		gsl_matrix_set(out, i, c, e);
		tot += e;
	}
	for (c = 0; c < C; c++)
		gsl_matrix_set(out, i, c, gsl_matrix_get(out, i, c) / tot);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n, d, h, c;
	size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
	double acc;

	if (N != cache->N || D != net->D || g->N != N)
		return 1;

	/* 1) dscores */
	for (n = 0; n < N; n++) {
		softmax_row(cache->z2, n, g->dz2);
		gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1);
		for (c = 0; c < C; c++)
			gsl_matrix_set(g->dz2, n, c, gsl_matrix_get(g->dz2, n, c) / (double)N);
	}

	/* 2) dW2 */
	for (h = 0; h < H; h++)
		for (c = 0; c < C; c++) {
			acc = 2 * reg * gsl_matrix_get(net->W2, h, c);
			for (n = 0; n < N; n++)
				acc += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
			gsl_matrix_set(g->dW2, h, c, acc);
		}

	/* 3) db2 */
	for (c = 0; c < C; c++) {
		acc = 0;
		for (n = 0; n < N; n++)
			acc += gsl_matrix_get(g->dz2, n, c);
		gsl_vector_set(g->db2, c, acc);
	}

	/* 4) dhidden */
	for (n = 0; n < N; n++)
		for (h = 0; h < H; h++) {
			acc = 0;
			for (c = 0; c < C; c++)
				acc += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
			gsl_matrix_set(g->dp1, n, h, acc);
		}

	/* 5) back through relu. p1 > 0 exactly when z1 > 0 */
	for (n = 0; n < N; n++)
		for (h = 0; h < H; h++)
			gsl_matrix_set(g->dz1, n, h,
				       gsl_matrix_get(cache->p1, n, h) > 0 ? gsl_matrix_get(g->dp1, n, h) : 0);

	/* 6) dW1 */
	for (d = 0; d < D; d++)
		for (h = 0; h < H; h++) {
			acc = 2 * reg * gsl_matrix_get(net->W1, d, h);
			for (n = 0; n < N; n++)
				acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
			gsl_matrix_set(g->dW1, d, h, acc);
		}

	/* 7) db1 */
	for (h = 0; h < H; h++) {
		acc = 0;
		for (n = 0; n < N; n++)
			acc += gsl_matrix_get(g->dz1, n, h);
		gsl_vector_set(g->db1, h, acc);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
