#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/*
 * backward.c
 * Backpropagation for the 2-layer network (HW 4).
 * Shapes: X (N,D), W1 (D,H), W2 (H,C).
 */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t D = X->size2;
	size_t H = net->H;
	size_t C = net->C;

	/* --- output layer --- */

	// dz2[i][j] = (prob[i][j] - (j == y[i])) / N
	for (size_t i = 0; i < N; i++) {
		for (size_t j = 0; j < C; j++) {
			double val = gsl_matrix_get(cache->prob, i, j);
			if (j == y[i])
				val -= 1.0;
			gsl_matrix_set(g->dz2, i, j, val / N);
		}
	}

	// dW2[h][c] = sum_i p1[i][h] * dz2[i][c]  + 2 reg W2[h][c]
	for (size_t h = 0; h < H; h++) {
		for (size_t c = 0; c < C; c++) {
			double sum = 0.0;
			for (size_t i = 0; i < N; i++)
				sum += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
			gsl_matrix_set(g->dW2, h, c, sum + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
		}
	}

	// db2[c] = sum_i dz2[i][c]
	for (size_t c = 0; c < C; c++) {
		double sum = 0.0;
		for (size_t i = 0; i < N; i++)
			sum += gsl_matrix_get(g->dz2, i, c);
		gsl_vector_set(g->db2, c, sum);
	}

	/* --- hidden layer --- */

	// dp1[i][j] = sum_c dz2[i][c] * W2[j][c]
	for (size_t i = 0; i < N; i++) {
		for (size_t j = 0; j < C; j++) {
			double sum = 0.0;
			for (size_t c = 0; c < C; c++)
				sum += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, j, c);
			gsl_matrix_set(g->dp1, i, j, sum);
		}
	}

	// dz1 = dp1 * relu'(z1)
	for (size_t i = 0; i < N; i++) {
		for (size_t h = 0; h < H; h++) {
			double val = 0.0;
			if (gsl_matrix_get(cache->z1, i, h) > 0)
				val = gsl_matrix_get(g->dp1, i, h);
			gsl_matrix_set(g->dz1, i, h, val);
		}
	}

	// dW1[d][h] = sum_i X[i][d] * dz1[i][h]  + 2 reg W1[d][h]
	for (size_t d = 0; d < D; d++) {
		for (size_t h = 0; h < H; h++) {
			double sum = 0.0;
			for (size_t i = 0; i < N; i++)
				sum += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
			gsl_matrix_set(g->dW1, d, h, sum + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
		}
	}

	// db1[h] = sum_i dz1[i][h]
	for (size_t h = 0; h < H; h++) {
		double sum = 0.0;
		for (size_t i = 0; i < N; i++)
			sum += gsl_matrix_get(g->dz1, i, h);
		gsl_vector_set(g->db1, h, sum);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
