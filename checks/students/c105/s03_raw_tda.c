/*
 * backward pass, homework 6
 * raw pointers + tda, faster than get/set
 */
#include "backprop.h"

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;
	double *b2 = g->db2->data, *b1 = g->db1->data;
	size_t s2 = g->db2->stride, s1 = g->db1->stride;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* scores gradient */
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++)
			EL(g->dz2, i, j) = EL(cache->prob, i, j) / N;
		EL(g->dz2, i, y[i]) -= 1.0 / N;
	}

	/* second layer: start with the reg part then add p1^T dz2 */
	for (k = 0; k < H; k++)
		for (j = 0; j < C; j++)
			EL(g->dW2, k, j) = 2 * reg * EL(net->W2, k, j);
	for (j = 0; j < C; j++)
		b2[j * s2] = 0.0;
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++) {
			double d = EL(g->dz2, i, j);
			for (k = 0; k < H; k++)
				EL(g->dW2, k, j) += EL(cache->p1, i, k) * d;
			b2[j * s2] += d;
		}

	/* back into the hidden layer, relu folded in */
	for (i = 0; i < N; i++)
		for (k = 0; k < H; k++) {
			double s = 0;
			for (j = 0; j < C; j++)
				s += EL(g->dz2, i, j) * EL(net->W2, k, j);
			EL(g->dp1, i, k) = s;
			EL(g->dz1, i, k) = EL(cache->z1, i, k) > 0 ? s : 0;
		}

	/* first layer */
	for (j = 0; j < D; j++)
		for (k = 0; k < H; k++)
			EL(g->dW1, j, k) = 2 * reg * EL(net->W1, j, k);
	for (k = 0; k < H; k++)
		b1[k * s1] = 0.0;
	for (i = 0; i < N; i++)
		for (k = 0; k < H; k++) {
			double d = EL(g->dz1, i, k);
			for (j = 0; j < D; j++)
				EL(g->dW1, j, k) += EL(X, i, j) * d;
			b1[k * s1] += d;
		}

	g->present = BP_GRADS_ALL;
	return 0;
}
