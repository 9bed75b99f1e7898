/* backward.c -- Neural nets, assignment 2
 * Mateo Alvarez
 *
 * Sum over the samples first and divide by N at the very end, like the
 * loss: L = 1/N sum_i L_i + reg*(|W1|^2 + |W2|^2).
 * dscore and dhid are the per-sample deltas (stack arrays).
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	 double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t n, j, k, d;
	double dscore[C], dhid[H];
	double inv = 1.0 / N;

	gsl_matrix_set_zero(g->dW2);
	gsl_matrix_set_zero(g->dW1);
	gsl_vector_set_zero(g->db2);
	gsl_vector_set_zero(g->db1);

	for (n = 0; n < N; n++) {
		for (k = 0; k < C; k++)
			dscore[k] = gsl_matrix_get(cache->prob, n, k);
		dscore[y[n]] -= 1.0;

		for (k = 0; k < C; k++) {
			gsl_matrix_set(g->dz2, n, k, dscore[k] * inv);
			gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + dscore[k]);
			for (j = 0; j < H; j++)
				gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k)
					       + gsl_matrix_get(cache->p1, n, j) * dscore[k]);
		}

		for (j = 0; j < H; j++) {
			double s = 0.0;
			for (k = 0; k < C; k++)
				s += gsl_matrix_get(net->W2, j, k) * dscore[k];
			gsl_matrix_set(g->dp1, n, j, s * inv);
			dhid[j] = (gsl_matrix_get(cache->z1, n, j) > 0.0) ? s : 0.0;
			gsl_matrix_set(g->dz1, n, j, dhid[j] * inv);
			gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + dhid[j]);
		}

		for (d = 0; d < D; d++)
			for (j = 0; j < H; j++)
				gsl_matrix_set(g->dW1, d, j, gsl_matrix_get(g->dW1, d, j)
					       + gsl_matrix_get(X, n, d) * dhid[j]);
	}

	/* divide by N and add the regularization */
	gsl_matrix_scale(g->dW2, inv);
	gsl_vector_scale(g->db2, inv);
	gsl_matrix_scale(g->dW1, inv);
	gsl_vector_scale(g->db1, inv);
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			*gsl_matrix_ptr(g->dW2, j, k) += 2 * reg * gsl_matrix_get(net->W2, j, k);
	for (d = 0; d < D; d++)
		for (j = 0; j < H; j++)
			*gsl_matrix_ptr(g->dW1, d, j) += reg * gsl_matrix_get(net->W1, d, j);

	g->present = BP_GRADS_ALL;
	return 0;
}
