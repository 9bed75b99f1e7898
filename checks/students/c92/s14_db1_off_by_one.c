/* Lab 6 backward pass
 * Author: (student)
 * Everything is loops, dz1 is done in place on a copy of dp1.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t i, j, k;
	double s;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	// dz2
	for (i = 0; i < N; i++) {
		for (j = 0; j < net->C; j++) {
			s = gsl_matrix_get(cache->prob, i, j);
			if (y[i] == j)
				s -= 1;
			gsl_matrix_set(g->dz2, i, j, s / N);
		}
	}

	// dW2 and db2
	for (j = 0; j < net->C; j++) {
		for (i = 0; i < net->H; i++) {
			s = 0;
			for (k = 0; k < N; k++)
				s += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
			gsl_matrix_set(g->dW2, i, j, s + 2 * reg * gsl_matrix_get(net->W2, i, j));
		}
		s = 0;
		for (k = 0; k < N; k++)
			s += gsl_matrix_get(g->dz2, k, j);
		gsl_vector_set(g->db2, j, s);
	}

	// dp1
	for (i = 0; i < N; i++) {
		for (j = 0; j < net->H; j++) {
			s = 0;
			for (k = 0; k < net->C; k++)
				s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, s);
		}
	}

	// dz1: copy dp1 and kill the dead units
	gsl_matrix_memcpy(g->dz1, g->dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < net->H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0)
				gsl_matrix_set(g->dz1, i, j, 0);

	// dW1
	for (i = 0; i < net->D; i++) {
		for (j = 0; j < net->H; j++) {
			s = 0;
			for (k = 0; k < N; k++)
				s += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
			gsl_matrix_set(g->dW1, i, j, s + 2 * reg * gsl_matrix_get(net->W1, i, j));
		}
	}

	// db1
	for (j = 0; j < net->H; j++) {
		s = 0;
		for (i = 0; i < N - 1; i++)
			s += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
