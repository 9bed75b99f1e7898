#include <stdio.h>
#include "backprop.h"

/*
 * Oscar L. - ML1 HW3
 * backward pass, all loops
 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N, D, H, C;
	size_t i, j, k;
	double acc;

	N = X->size1;
	D = net->D;
	H = net->H;
	C = net->C;
	if (N != cache->N || X->size2 != D || g->N != N) {
		fprintf(stderr, "backward: shapes do not match\n");
		return 1;
	}

	/* output scores */
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++) {
			acc = gsl_matrix_get(cache->prob, i, k);
			if (y[i] == k)
				acc -= 1.0;
			gsl_matrix_set(g->dz2, i, k, acc / (double)N);
		}

	/* W2 and b2 */
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++) {
			acc = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
			for (i = 0; i < N; i++)
				acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
			gsl_matrix_set(g->dW2, j, k, acc);
		}
	for (k = 0; k < C; k++) {
		acc = 0.0;
		for (i = 0; i < N; i++)
			acc += gsl_matrix_get(g->dz2, i, k);
		gsl_vector_set(g->db2, k, acc);
	}

	/* hidden layer */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			acc = 0.0;
			for (k = 0; k < C; k++)
				acc += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, acc);
			if (gsl_matrix_get(cache->z1, i, j) > 0.0)
				gsl_matrix_set(g->dz1, i, j, acc);
			else
				gsl_matrix_set(g->dz1, i, j, 0.0);
		}

	/* W1 and b1 */
	for (k = 0; k < D; k++)
		for (j = 0; j < H; j++) {
			acc = 2.0 * reg * gsl_matrix_get(net->W1, k, j);
			for (i = 0; i < N; i++)
				acc += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
			gsl_matrix_set(g->dW1, k, j, acc);
		}
	acc = 0.0;
	for (j = 0; j < H; j++) {
		for (i = 0; i < N; i++)
			acc += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, acc);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
