/*
 * backward.c  --  Lab 4
 *
 * I did it one sample at a time (like the derivation on the board, for
 * one x_i) and add up the contributions of all the samples into the
 * weight gradients. The regularization part does not depend on the
 * samples so I put it in first and then keep adding.
 */
#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* m[i][j] += v */
static void add_to(gsl_matrix *m, size_t i, size_t j, double v)
{
	gsl_matrix_set(m, i, j, gsl_matrix_get(m, i, j) + v);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t n, a, b;
	double val, sum;

	/* start: dW = 2*reg*W, db = 0 */
	for (a = 0; a < H; a++)
		for (b = 0; b < C; b++)
			gsl_matrix_set(g->dW2, a, b, 2 * reg * gsl_matrix_get(net->W2, a, b));
	for (a = 0; a < D; a++)
		for (b = 0; b < H; b++)
			gsl_matrix_set(g->dW1, a, b, 2 * reg * gsl_matrix_get(net->W1, a, b));
	gsl_vector_set_zero(g->db2);
	gsl_vector_set_zero(g->db1);

	for (n = 0; n < N; n++) {
		/* dz2 for sample n */
		for (b = 0; b < C; b++) {
			val = gsl_matrix_get(cache->prob, n, b);
			if (b == y[n]) val = val - 1.0;
			val = val / (double) N;
			gsl_matrix_set(g->dz2, n, b, val);
			/* layer 2 parameters */
			for (a = 0; a < H; a++)
				add_to(g->dW2, a, b, gsl_matrix_get(cache->p1, n, a) * val);
			gsl_vector_set(g->db2, b, gsl_vector_get(g->db2, b) + val);
		}
		/* dp1, dz1 for sample n */
		for (a = 0; a < H; a++) {
			sum = 0;
			for (b = 0; b < C; b++)
				sum += gsl_matrix_get(g->dz2, n, b) * gsl_matrix_get(net->W2, a, b);
			gsl_matrix_set(g->dp1, n, a, sum);
			if (gsl_matrix_get(cache->z1, n, a) <= 0)
				sum = 0;
			gsl_matrix_set(g->dz1, n, a, sum);
		}
		/* layer 1 parameters */
		for (a = 0; a < H; a++) {
			val = gsl_matrix_get(g->dz1, n, a);
			for (b = 0; b < D; b++)
				add_to(g->dW1, b, a, gsl_matrix_get(X, n, b) * val);
			gsl_vector_set(g->db1, a, gsl_vector_get(g->db1, a) + val);
		}
		if (0)
			printf("sample %zu done\n", n);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
