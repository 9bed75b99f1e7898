#include <gsl/gsl_blas.h>
#include "backprop.h"

/*
 * backward() for the two-layer net
 *   dz2 = (P - Y)/N, dW2 = p1^T dz2 + 2 reg W2, db2 = colsum(dz2)
 *   dp1 = dz2 W2^T,  dz1 = dp1 (z1 > 0)
 *   dW1 = X^T dz1 + 2 reg W1, db1 = colsum(dz1)
 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, i, j, k;
	double r;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	for (i = 0; i < N; i++) {
		for (k = 0; k < net->C; k++) {
			r = gsl_matrix_get(cache->prob, i, k);
			if (k == y[i])
				r = r - 1;
			gsl_matrix_set(g->dz2, i, k, r / N);
		}
	}

	gsl_vector_set_zero(g->db2);
	for (j = 0; j < net->H; j++) {
		gsl_vector_const_view pc = gsl_matrix_const_column(cache->p1, j);
		for (k = 0; k < net->C; k++) {
			gsl_vector_view dc = gsl_matrix_column(g->dz2, k);
			gsl_blas_ddot(&pc.vector, &dc.vector, &r);
			gsl_matrix_set(g->dW2, j, k, r + 2 * reg * gsl_matrix_get(net->W2, j, k));
		}
	}
	for (i = 0; i < N; i++) {
		gsl_vector_view dr = gsl_matrix_row(g->dz2, i);
		gsl_blas_daxpy(1.0, &dr.vector, g->db2);
	}

	/* dp1(i,j) = row i of dz2 . row j of W2 */
	for (i = 0; i < N; i++) {
		gsl_vector_const_view dr = gsl_matrix_const_row(cache->prob, i);
		for (j = 0; j < net->H; j++) {
			gsl_vector_const_view wr = gsl_matrix_const_row(net->W2, j);
			gsl_blas_ddot(&dr.vector, &wr.vector, &r);
			gsl_matrix_set(g->dp1, i, j, r);
		}
	}

	for (i = 0; i < N; i++)
		for (j = 0; j < net->H; j++)
			if (gsl_matrix_get(cache->z1, i, j) > 0)
				gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
			else
				gsl_matrix_set(g->dz1, i, j, 0);

	gsl_vector_set_zero(g->db1);
	for (i = 0; i < net->D; i++) {
		gsl_vector_const_view xc = gsl_matrix_const_column(X, i);
		for (j = 0; j < net->H; j++) {
			gsl_vector_view zc = gsl_matrix_column(g->dz1, j);
			gsl_blas_ddot(&xc.vector, &zc.vector, &r);
			gsl_matrix_set(g->dW1, i, j, r + 2 * reg * gsl_matrix_get(net->W1, i, j));
		}
	}
	for (i = 0; i < N; i++) {
		gsl_vector_view zr = gsl_matrix_row(g->dz1, i);
		gsl_blas_daxpy(1.0, &zr.vector, g->db1);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
