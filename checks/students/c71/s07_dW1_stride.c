/*
 * backward.c  --  hand-written backprop, single precision
 *
 * dz1 is kept unit-major (dzT + h*N is unit h over the batch) so that
 * db1 and dW1 walk it contiguously.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	const float twoReg = 2.0f * (float)reg;
	float *dScores = malloc(N * C * sizeof(float));
	float *dzT = malloc(H * N * sizeof(float));
	size_t i, j, k;

	if (!dScores || !dzT) {
		free(dScores);
		free(dzT);
		return 1;
	}

	/* softmax + cross-entropy */
	for (i = 0; i < N; i++) {
		for (k = 0; k < C; k++) {
			float v = (float)gsl_matrix_get(cache->prob, i, k);
			if (k == y[i])
				v -= 1.0f;
			v /= (float)N;
			dScores[i * C + k] = v;
			gsl_matrix_set(g->dz2, i, k, v);
		}
	}

	/* W2, b2 */
	for (j = 0; j < H; j++) {
		for (k = 0; k < C; k++) {
			float acc = 0.0f;
			for (i = 0; i < N; i++)
				acc += (float)gsl_matrix_get(cache->p1, i, j) * dScores[i * C + k];
			gsl_matrix_set(g->dW2, j, k, acc + twoReg * (float)gsl_matrix_get(net->W2, j, k));
		}
	}
	for (k = 0; k < C; k++) {
		float acc = 0.0f;
		for (i = 0; i < N; i++)
			acc += dScores[i * C + k];
		gsl_vector_set(g->db2, k, acc);
	}

	/* back into the hidden layer */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			float acc = 0.0f;
			for (k = 0; k < C; k++)
				acc += dScores[i * C + k] * (float)gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, acc);
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				acc = 0.0f;
			dzT[j * N + i] = acc;
			gsl_matrix_set(g->dz1, i, j, acc);
		}
	}

	/* W1 */
	for (k = 0; k < D; k++) {
		for (j = 0; j < H; j++) {
			float acc = 0.0f;
			for (i = 0; i < N; i++)
				acc += (float)gsl_matrix_get(X, i, k) * dzT[i * H + j];
			gsl_matrix_set(g->dW1, k, j, acc + twoReg * (float)gsl_matrix_get(net->W1, k, j));
		}
	}

	/* b1 */
	for (j = 0; j < H; j++) {
		float acc = 0.0f;
		const float *row = dzT + j * N;
		for (i = 0; i < N; i++)
			acc += row[i];
		gsl_vector_set(g->db1, j, acc);
	}

	free(dScores);
	free(dzT);
	g->present = BP_GRADS_ALL;
	return 0;
}
