/* Backward pass for the 2-layer net (exercise sheet 4, problem 2).
 *
 * I accumulate the UNNORMALISED per-sample contributions, i.e. the
 * gradients of the summed loss sum_n L_n, and divide everything by N in one
 * go at the end (like averaging an observable after the Monte Carlo run).
 * Then add the regulariser, which is not part of the mean.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t n, i, j, k;
	double s;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	gsl_matrix_set_zero(g->dW2);
	gsl_vector_set_zero(g->db2);
	gsl_matrix_set_zero(g->dW1);
	gsl_vector_set_zero(g->db1);

	for (n = 0; n < N; n++) {
		/* delta_k = p_k - [k == y_n]  (not yet / N) */
		for (k = 0; k < C; k++) {
			s = gsl_matrix_get(cache->prob, n, k);
			if (k == y[n])
				s -= 1.0;
			gsl_matrix_set(g->dz2, n, k, s);
		}

		/* dW2_jk += p1_nj delta_k ,  db2_k += delta_k */
		for (j = 0; j < H; j++)
			for (k = 0; k < C; k++)
				gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
					+ gsl_matrix_get(cache->p1, n, j) * gsl_matrix_get(g->dz2, n, k));
		for (k = 0; k < C; k++)
			gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + gsl_matrix_get(g->dz2, n, k));

		/* dp1_nj = sum_k W2_jk delta_k, then the relu step */
		for (j = 0; j < H; j++) {
			s = 0.0;
			for (k = 0; k < C; k++)
				s += gsl_matrix_get(net->W2, j, k) * gsl_matrix_get(g->dz2, n, k);
			gsl_matrix_set(g->dp1, n, j, s);
			gsl_matrix_set(g->dz1, n, j, gsl_matrix_get(cache->z1, n, j) > 0 ? s : 0.0);
		}

		/* dW1_ij += x_ni dz1_nj ,  db1_j += dz1_nj */
		for (i = 0; i < D; i++)
			for (j = 0; j < H; j++)
				gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
					+ gsl_matrix_get(X, n, i) * gsl_matrix_get(g->dz1, n, j));
		for (j = 0; j < H; j++)
			gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, n, j));
	}

	/* now the 1/N of the mean -- for ALL seven, the intermediate ones too,
	 * otherwise dz2, dp1, dz1 are the gradients of the sum */
	gsl_matrix_scale(g->dz2, 1.0 / N);
	gsl_matrix_scale(g->dW2, 1.0 / N);
	gsl_vector_scale(g->db2, 1.0 / N);
	gsl_matrix_scale(g->dp1, 1.0 / N);
	gsl_matrix_scale(g->dz1, 1.0 / N);
	gsl_matrix_scale(g->dW1, 1.0 / N);
	gsl_vector_scale(g->db1, 1.0 / N);

	/* regularisation, d/dW (reg W^2) = 2 reg W */
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k) + 2 * reg * gsl_matrix_get(net->W2, j, k));
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2 * reg * gsl_matrix_get(net->W1, i, j));

	g->present = BP_GRADS_ALL;
	return 0;
}
