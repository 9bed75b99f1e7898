/* backward.c
 * Olivia Chen - CS231-ish homework, backward pass in C
 *
 * Notation (per sample):
 *   dsc[C]   dL/dz2 of this row
 *   dp[H]    dL/dp1 of this row
 *   dz[H]    dL/dz1 of this row = dp masked by the relu
 * Gradients of the weights are summed over the rows.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
	double *dsc = malloc(C * sizeof *dsc);
	double *dp = malloc(H * sizeof *dp);
	double *dz = malloc(H * sizeof *dz);
	size_t i, j, k, d;

	if (dsc == NULL || dp == NULL || dz == NULL) {
		free(dsc); free(dp); free(dz);
		return 1;
	}

	gsl_vector_set_zero(g->dtheta);

	for (i = 0; i < N; i++) {
		const double *prob = gsl_matrix_const_ptr(cache->prob, i, 0);
		const double *h1 = gsl_matrix_const_ptr(cache->p1, i, 0);
		const double *z1 = gsl_matrix_const_ptr(cache->z1, i, 0);
		const double *xi = gsl_matrix_const_ptr(X, i, 0);

		for (k = 0; k < C; k++)
			dsc[k] = prob[k] / N;
		dsc[y[i]] -= 1.0 / N;

		for (j = 0; j < H; j++) {
			dp[j] = 0;
			for (k = 0; k < C; k++)
				dp[j] += gsl_matrix_get(net->W2, j, k) * dsc[k];
			dz[j] = z1[j] > 0 ? dp[j] : 0;
		}

		/* store this row */
		memcpy(gsl_matrix_ptr(g->dz2, i, 0), dsc, C * sizeof(double));
		memcpy(gsl_matrix_ptr(g->dp1, i, 0), dp, H * sizeof(double));
		memcpy(gsl_matrix_ptr(g->dz1, i, 0), dz, H * sizeof(double));

		/* accumulate */
		for (j = 0; j < H; j++)
			for (k = 0; k < C; k++)
				*gsl_matrix_ptr(g->dW2, j, k) += h1[j] * dsc[k];
		for (k = 0; k < C; k++)
			*gsl_vector_ptr(g->db2, k) += dsc[k];
		for (d = 0; d < D; d++)
			for (j = 0; j < H; j++)
				*gsl_matrix_ptr(g->dW1, d, j) += xi[d] * dp[j];
		for (j = 0; j < H; j++)
			*gsl_vector_ptr(g->db1, j) += dz[j];
	}

	/* L2: reg * |W|^2  ->  2 reg W */
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			*gsl_matrix_ptr(g->dW2, j, k) += 2 * reg * gsl_matrix_get(net->W2, j, k);
	for (d = 0; d < D; d++)
		for (j = 0; j < H; j++)
			*gsl_matrix_ptr(g->dW1, d, j) += 2 * reg * gsl_matrix_get(net->W1, d, j);

	free(dsc);
	free(dp);
	free(dz);
	g->present = BP_GRADS_ALL;
	return 0;
}
