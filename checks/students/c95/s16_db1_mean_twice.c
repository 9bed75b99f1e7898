/* backward.c -- two-layer net, backprop by hand
 *
 * Loop over samples.  Inside: output error delta (1/N included), its
 * contribution to dW2/db2, back through W2 and the relu, contribution to
 * dW1.  The hidden bias gradient is summed in a local array sum1[] and
 * written to g at the end.
 */
#include <stdlib.h>
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t n, i, j, k;
	double *sum1;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;
	sum1 = calloc(H, sizeof(double));
	if (!sum1)
		return 1;

	for (i = 0; i < H; i++)
		for (k = 0; k < C; k++)
			*gsl_matrix_ptr(g->dW2, i, k) = 2 * reg * gsl_matrix_get(net->W2, i, k);
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++)
			*gsl_matrix_ptr(g->dW1, i, j) = 2 * reg * gsl_matrix_get(net->W1, i, j);
	gsl_vector_set_zero(g->db2);

	for (n = 0; n < N; n++) {
		double *delta = gsl_matrix_ptr(g->dz2, n, 0);
		double *dp = gsl_matrix_ptr(g->dp1, n, 0);
		double *dz = gsl_matrix_ptr(g->dz1, n, 0);
		gsl_vector_view dzv = gsl_matrix_row(g->dz1, n);
		gsl_vector_const_view hv = gsl_matrix_const_row(cache->p1, n);
		gsl_vector_const_view xv = gsl_matrix_const_row(X, n);

		for (k = 0; k < C; k++)
			delta[k] = (gsl_matrix_get(cache->prob, n, k) - (k == y[n])) / N;

		{
			gsl_vector_view dv = gsl_matrix_row(g->dz2, n);
			gsl_blas_dger(1.0, &hv.vector, &dv.vector, g->dW2);
			gsl_vector_add(g->db2, &dv.vector);
		}

		for (j = 0; j < H; j++) {
			double s = 0;
			for (k = 0; k < C; k++)
				s += gsl_matrix_get(net->W2, j, k) * delta[k];
			dp[j] = s;
			dz[j] = gsl_matrix_get(cache->z1, n, j) > 0 ? s : 0;
			sum1[j] += dz[j];
		}

		gsl_blas_dger(1.0, &xv.vector, &dzv.vector, g->dW1);
	}

	/* db1 = mean of dz1 over the batch */
	for (j = 0; j < H; j++)
		gsl_vector_set(g->db1, j, sum1[j] / N);

	free(sum1);
	g->present = BP_GRADS_ALL;
	return 0;
}
