/* nn backward, hw4 -- "ok"  (E. Sato) */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;
	double s;

	if (N != cache->N || X->size2 != D || g->N != N) return 1;

	i = N;
	while (i--) {
		j = C;
		while (j--) {
			s = gsl_matrix_get(cache->prob, i, j);
			if (j == y[i]) s -= 1;
			gsl_matrix_set(g->dz2, i, j, s / N);
		}
	}

	k = H;
	while (k--) {
		j = C;
		while (j--) {
			s = 0;
			for (i = 0; i < N; i++)
				s += gsl_matrix_get(cache->p1, i, k) * gsl_matrix_get(g->dz2, i, j);
			gsl_matrix_set(g->dW2, k, j, s + 2 * reg * gsl_matrix_get(net->W2, k, j));
		}
	}

	j = C;
	while (j--) {
		s = 0;
		for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, s);
	}

	i = N;
	while (i--) {
		k = H;
		while (k--) {
			s = 0;
			for (j = 0; j < C; j++)
				s += gsl_matrix_get(g->dz2, i, j) * gsl_matrix_get(net->W2, k, j);
			gsl_matrix_set(g->dp1, i, k, s);
			gsl_matrix_set(g->dz1, i, k, gsl_matrix_get(cache->z1, i, k) > 0 ? s : 0);
		}
	}

	/* dW1 = X^T dz1 + 2 reg W1 */
	j = D;
	while (j--) {
		k = H;
		while (k--) {
			s = 0;
			for (i = 0; i < X->size2; i++)
				s += gsl_matrix_get(X, i, j) * gsl_matrix_get(g->dz1, i, k);
			gsl_matrix_set(g->dW1, j, k, s + 2 * reg * gsl_matrix_get(net->W1, j, k));
		}
	}

	k = H;
	while (k--) {
		s = 0;
		for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz1, i, k);
		gsl_vector_set(g->db1, k, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
