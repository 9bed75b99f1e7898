/*
 * backward.c -- backward pass, per training example
 *
 * For each example n:
 *    delta2 = (softmax - onehot) / N          -> row n of dz2
 *    dW2 += h_n delta2',  db2 += delta2
 *    delta1 = relu'(.) * (W2 delta2)           -> rows n of dp1, dz1
 *    dW1 += x_n delta1',  db1 += delta1
 * and at the end the weight decay 2*reg*W.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, n, k;
	gsl_matrix *wd;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	gsl_matrix_set_zero(g->dW2);
	gsl_matrix_set_zero(g->dW1);
	gsl_vector_set_zero(g->db2);
	gsl_vector_set_zero(g->db1);

	for (n = 0; n < N; n++) {
		gsl_vector_const_view x_n = gsl_matrix_const_row(X, n);
		gsl_vector_const_view h_n = gsl_matrix_const_row(cache->p1, n);
		gsl_vector_view delta2 = gsl_matrix_row(g->dz2, n);
		gsl_vector_view dh = gsl_matrix_row(g->dp1, n);
		gsl_vector_view delta1 = gsl_matrix_row(g->dz1, n);

		gsl_matrix_get_row(&delta2.vector, cache->prob, n);
		*gsl_vector_ptr(&delta2.vector, y[n]) -= 1.0;
		gsl_vector_scale(&delta2.vector, 1.0 / (double)N);

		gsl_blas_dger(1.0, &h_n.vector, &delta2.vector, g->dW2);
		gsl_blas_daxpy(1.0, &delta2.vector, g->db2);

		gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &delta2.vector, 0.0, &dh.vector);

		/* relu backward: only positive parts go through */
		for (k = 0; k < net->H; k++) {
			double v = gsl_vector_get(&dh.vector, k);
			gsl_vector_set(&delta1.vector, k, v > 0.0 ? v : 0.0);
		}

		gsl_blas_dger(1.0, &x_n.vector, &delta1.vector, g->dW1);
		gsl_blas_daxpy(1.0, &delta1.vector, g->db1);
	}

	/* weight decay */
	wd = gsl_matrix_alloc(net->H, net->C);
	gsl_matrix_memcpy(wd, net->W2);
	gsl_matrix_scale(wd, 2.0 * reg);
	gsl_matrix_add(g->dW2, wd);
	gsl_matrix_free(wd);

	wd = gsl_matrix_alloc(net->D, net->H);
	gsl_matrix_memcpy(wd, net->W1);
	gsl_matrix_scale(wd, 2.0 * reg);
	gsl_matrix_add(g->dW1, wd);
	gsl_matrix_free(wd);

	g->present = BP_GRADS_ALL;
	return 0;
}
