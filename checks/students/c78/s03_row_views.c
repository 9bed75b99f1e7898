/*
 * Lab 3 -- backward pass.  I work row by row with GSL views: one sample
 * is one row, so every gradient is built from row vectors.
 */
#include <gsl/gsl_blas.h>
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
	size_t n, h;
	size_t N = X->size1;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* weight gradients start from the reg part, the biases from zero */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_matrix_scale(g->dW2, 2.0 * reg);
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_matrix_scale(g->dW1, 2.0 * reg);
	gsl_vector_set_zero(g->db2);
	gsl_vector_set_zero(g->db1);

	for (n = 0; n < N; n++) {
		gsl_vector_const_view prob_n = gsl_matrix_const_row(cache->prob, n);
		gsl_vector_const_view p1_n = gsl_matrix_const_row(cache->p1, n);
		gsl_vector_const_view z1_n = gsl_matrix_const_row(cache->z1, n);
		gsl_vector_const_view x_n = gsl_matrix_const_row(X, n);
		gsl_vector_view dz2_n = gsl_matrix_row(g->dz2, n);
		gsl_vector_view dp1_n = gsl_matrix_row(g->dp1, n);
		gsl_vector_view dz1_n = gsl_matrix_row(g->dz1, n);

		/* dscores for this sample */
		gsl_vector_memcpy(&dz2_n.vector, &prob_n.vector);
		gsl_vector_set(&dz2_n.vector, y[n], gsl_vector_get(&dz2_n.vector, y[n]) - 1.0);
		gsl_vector_scale(&dz2_n.vector, 1.0 / N);

		/* second layer: outer product and bias */
		gsl_blas_dger(1.0, &p1_n.vector, &dz2_n.vector, g->dW2);
		gsl_vector_add(g->db2, &dz2_n.vector);

		/* back into the hidden layer: dp1_n = W2 dz2_n */
		gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2_n.vector, 0.0, &dp1_n.vector);

		/* relu */
		gsl_vector_memcpy(&dz1_n.vector, &dp1_n.vector);
		for (h = 0; h < net->H; h++)
			if (gsl_vector_get(&z1_n.vector, h) <= 0.0)
				gsl_vector_set(&dz1_n.vector, h, 0.0);

		/* first layer */
		gsl_blas_dger(1.0, &x_n.vector, &dz1_n.vector, g->dW1);
		gsl_vector_add(g->db1, &dz1_n.vector);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
