#include "backprop.h"

// HW3 - backward pass
// 2022级 计算机 3班

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	int N = X->size1, D = net->D, H = net->H, C = net->C;
	int i, j, k;
	double sum;

	// dz2
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++) {
			sum = gsl_matrix_get(cache->prob, i, j);
			if (y[i] == (size_t)j) sum -= 1.0;
			gsl_matrix_set(g->dz2, i, j, sum / N);
		}
	}

	// dW2 = p1.T @ dz2 + 2*reg*W2
	for (i = 0; i < H; i++) {
		for (j = 0; j < C; j++) {
			sum = 0;
			for (k = 0; k < N; k++)
				sum += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
			gsl_matrix_set(g->dW2, i, j, sum + 2 * reg * gsl_matrix_get(net->W2, i, j));
		}
	}

	// db2
	for (j = 0; j < C; j++) {
		sum = 0;
		for (k = 0; k < N; k++) sum += gsl_matrix_get(g->dz2, k, j);
		gsl_vector_set(g->db2, j, sum);
	}

	// dp1 = dz2 @ W2.T
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			sum = 0;
			for (k = 0; k < C; k++)
				sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, sum);
		}
	}

	// dz1 = dp1 * (z1 > 0)
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			double z = gsl_matrix_get(cache->z1, i, j);
			gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);
		}
	}

	// dW1 = X.T @ dz1 + 2*reg*W1
	for (i = 0; i < D; i++) {
		for (j = 0; j < H; j++) {
			sum = 0;
			for (k = 0; k < N; k++)
				sum += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz1, k, j);
			gsl_matrix_set(g->dW1, i, j, sum + 2 * reg * gsl_matrix_get(net->W1, i, j));
		}
	}

	// db1
	for (j = 0; j < H; j++) {
		sum = 0;
		for (k = 0; k < N; k++) sum += gsl_matrix_get(g->dz1, k, j);
		gsl_vector_set(g->db1, j, sum);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
