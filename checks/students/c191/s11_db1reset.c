// Backward pass for the two layer net (lab 3b)
// loop 1 over the samples: dz2 / dW2 / db2 / dp1
// loop 2 over the samples: dz1 / dW1 / db1

#include <string.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k, l;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	double W2grad[H][C], b2grad[C];
	double W1grad[D][H], b1grad[H];

	memset(W2grad, 0, sizeof W2grad);
	memset(b2grad, 0, sizeof b2grad);
	memset(W1grad, 0, sizeof W1grad);

	for (i = 0; i < N; i++) {
		for (k = 0; k < C; k++) {
			double v = gsl_matrix_get(cache->prob, i, k);
			if (k == y[i])
				v = v - 1;
			v = v / (double) N;
			gsl_matrix_set(g->dz2, i, k, v);
			b2grad[k] += v;
		}
		for (j = 0; j < H; j++) {
			double sum = 0;
			for (k = 0; k < C; k++) {
				W2grad[j][k] += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
				sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			}
			gsl_matrix_set(g->dp1, i, j, sum);
		}
	}

	for (i = 0; i < N; i++) {
		memset(b1grad, 0, sizeof b1grad);
		for (j = 0; j < H; j++) {
			double v = 0;
			if (gsl_matrix_get(cache->z1, i, j) > 0)
				v = gsl_matrix_get(g->dp1, i, j);
			gsl_matrix_set(g->dz1, i, j, v);
			b1grad[j] += v;
			for (l = 0; l < D; l++)
				W1grad[l][j] += gsl_matrix_get(X, i, l) * v;
		}
	}

	// copy into g (+ regularization)
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			gsl_matrix_set(g->dW2, j, k, W2grad[j][k] + 2 * reg * gsl_matrix_get(net->W2, j, k));
	for (k = 0; k < C; k++)
		gsl_vector_set(g->db2, k, b2grad[k]);
	for (l = 0; l < D; l++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dW1, l, j, W1grad[l][j] + 2 * reg * gsl_matrix_get(net->W1, l, j));
	for (j = 0; j < H; j++)
		gsl_vector_set(g->db1, j, b1grad[j]);

	g->present = BP_GRADS_ALL;
	return 0;
}
