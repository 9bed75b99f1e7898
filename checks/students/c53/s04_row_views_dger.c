/* Assignment 2, backward pass.
 * One sample at a time (like the per-example derivation in the lecture):
 * row views, dger for the outer products, dgemv for the hidden layer. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t n, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* regularisation first, then add the data part sample by sample */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_matrix_scale(g->dW2, 2.0 * reg);
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_matrix_scale(g->dW1, 2.0 * reg);
	gsl_vector_set_zero(g->db2);
	gsl_vector_set_zero(g->db1);

	for (n = 0; n < N; n++) {
		gsl_vector_const_view x = gsl_matrix_const_row(X, n);
		gsl_vector_const_view a = gsl_matrix_const_row(cache->p1, n);
		gsl_vector_view delta2 = gsl_matrix_row(g->dz2, n);
		gsl_vector_view dh = gsl_matrix_row(g->dp1, n);
		gsl_vector_view delta1 = gsl_matrix_row(g->dz1, n);
		const double *pr = cache->prob->data + n * cache->prob->tda;
		const double *z = cache->z1->data + n * cache->z1->tda;
		double *d2 = g->dz2->data + n * g->dz2->tda;
		double *dp = g->dp1->data + n * g->dp1->tda;
		double *d1 = g->dz1->data + n * g->dz1->tda;

		for (j = 0; j < C; j++)
			d2[j] = pr[j] / N;
		d2[y[n]] -= 1.0 / N;

		gsl_blas_dger(1.0, &a.vector, &delta2.vector, g->dW2);
		gsl_vector_add(g->db2, &delta2.vector);

		/* dh = W2 * delta2 */
		gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &delta2.vector, 0.0, &dh.vector);

		for (j = 0; j < H; j++)
			d1[j] = z[j] > 0 ? dp[j] : 0.0;

		gsl_blas_dger(1.0, &x.vector, &delta1.vector, g->dW1);
		gsl_vector_add(g->db1, &delta1.vector);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
