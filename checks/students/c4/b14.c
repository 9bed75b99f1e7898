#include "backprop/net.h"
#include "backprop/grads.h"

int
backward(net, X, y, reg, cache, g)
	const bp_net *net;
	const gsl_matrix *X;
	const size_t *y;
	double reg;
	const bp_cache *cache;
	bp_grads *g;
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;
	double t;

	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++) {
			t = gsl_matrix_get(cache->prob, i, k);
			if (k == y[i])
				t -= 1;
			gsl_matrix_set(g->dz2, i, k, t / N);
		}

	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++) {
			t = 0;
			for (i = 0; i < N; i++)
				t += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
			gsl_matrix_set(g->dW2, j, k, t + 2 * reg * gsl_matrix_get(net->W2, j, k));
		}

	/* db2 = sum of dz2 */
	for (k = 0; k < C; k++) {
		t = 0;
		for (j = 0; j < C; j++)
			t += gsl_matrix_get(g->dz2, k, j);
		gsl_vector_set(g->db2, k, t);
	}

	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			t = 0;
			for (k = 0; k < C; k++)
				t += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, t);
		}

	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dz1, i, j,
			    gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++) {
			t = 0;
			for (k = 0; k < N; k++)
				t += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
			gsl_matrix_set(g->dW1, i, j, t + 2 * reg * gsl_matrix_get(net->W1, i, j));
		}

	for (j = 0; j < H; j++) {
		t = 0;
		for (i = 0; i < N; i++)
			t += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, t);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
