/*
 * TwoLayerNet.loss() backward part, in C
 *
 * forward was: hidden_layer = X.W1 + b1, relu, scores = hidden.W2 + b2
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t D = net->D, H = net->H, C = net->C;
	size_t n, h, c, d;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	// Compute the gradient of the loss w.r.t. the scores
	for (n = 0; n < N; n++)
		for (c = 0; c < C; c++)
			gsl_matrix_set(g->dz2, n, c, gsl_matrix_get(cache->prob, n, c) / N);
	for (n = 0; n < N; n++)
		gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0 / N);

	// grads['W2'] = hidden_layer.T.dot(dscores) + 2 * reg * W2
	for (h = 0; h < H; h++) {
		for (c = 0; c < C; c++) {
			double acc = 0.0;
			for (n = 0; n < N; n++)
				acc += gsl_matrix_get(cache->z1, n, h) * gsl_matrix_get(g->dz2, n, c);
			gsl_matrix_set(g->dW2, h, c, acc + 2 * reg * gsl_matrix_get(net->W2, h, c));
		}
	}

	// grads['b2'] = np.sum(dscores, axis=0)
	for (c = 0; c < C; c++) {
		double acc = 0.0;
		for (n = 0; n < N; n++)
			acc += gsl_matrix_get(g->dz2, n, c);
		gsl_vector_set(g->db2, c, acc);
	}

	// dhidden = dscores.dot(W2.T)
	for (n = 0; n < N; n++) {
		for (h = 0; h < H; h++) {
			double acc = 0.0;
			for (c = 0; c < C; c++)
				acc += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
			gsl_matrix_set(g->dp1, n, h, acc);
		}
	}

	// dhidden[hidden_layer <= 0] = 0
	for (n = 0; n < N; n++)
		for (h = 0; h < H; h++)
			gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(cache->z1, n, h) > 0 ?
				       gsl_matrix_get(g->dp1, n, h) : 0.0);

	// grads['W1'] = X.T.dot(dhidden) + 2 * reg * W1
	for (d = 0; d < D; d++) {
		for (h = 0; h < H; h++) {
			double acc = 0.0;
			for (n = 0; n < N; n++)
				acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
			gsl_matrix_set(g->dW1, d, h, acc + 2 * reg * gsl_matrix_get(net->W1, d, h));
		}
	}

	// grads['b1'] = np.sum(dhidden, axis=0)
	for (h = 0; h < H; h++) {
		double acc = 0.0;
		for (n = 0; n < N; n++)
			acc += gsl_matrix_get(g->dz1, n, h);
		gsl_vector_set(g->db1, h, acc);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
