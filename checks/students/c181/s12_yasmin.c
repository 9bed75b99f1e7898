/*
 * Yasmin Tarek -- Assignment 3
 * backward pass of  X -> affine -> relu -> affine -> softmax
 *
 * z1 = X W1 + b1, a1 = relu(z1), z2 = a1 W2 + b2
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void sum_bias(const gsl_matrix *delta, gsl_vector *db)
{
	size_t i, j;
	for (j = 0; j < delta->size2; j++) {
		double s = 0;
		for (i = 0; i < delta->size1; i++)
			s += gsl_matrix_get(delta, i, j);
		gsl_vector_set(db, j, s);
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;
	const gsl_matrix *z1 = cache->z1;
	const gsl_matrix *probs = cache->prob;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* delta3 = (probs - onehot) / N */
	for (i = 0; i < N; i++) {
		for (k = 0; k < C; k++) {
			double v = gsl_matrix_get(probs, i, k);
			if (y[i] == k) v -= 1;
			gsl_matrix_set(g->dz2, i, k, v / (double)N);
		}
	}

	/* dW2 = a1^T delta3 + 2 reg W2 */
	for (j = 0; j < H; j++) {
		for (k = 0; k < C; k++) {
			double s = 0;
			for (i = 0; i < N; i++)
				s += gsl_matrix_get(z1, i, j) * gsl_matrix_get(g->dz2, i, k);
			gsl_matrix_set(g->dW2, j, k, s + 2 * reg * gsl_matrix_get(net->W2, j, k));
		}
	}
	sum_bias(g->dz2, g->db2);

	/* dp1 = delta3 W2^T */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			double s = 0;
			for (k = 0; k < C; k++)
				s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, s);
		}
	}

	/* delta2 = dp1 * (z1 > 0) */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

	/* dW1 = X^T delta2 + 2 reg W1 */
	for (i = 0; i < D; i++) {
		for (j = 0; j < H; j++) {
			double s = 0;
			for (k = 0; k < N; k++)
				s += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
			gsl_matrix_set(g->dW1, i, j, s + 2 * reg * gsl_matrix_get(net->W1, i, j));
		}
	}
	sum_bias(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
