/* CS lab 4 -- backward pass of the 2 layer network
 * views for sample i:  x  z1  p  dz2  dh(=dp1)  dz1
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t i, j;
	double scale = 1.0 / N;

	gsl_matrix_set_zero(g->dW1);
	gsl_matrix_set_zero(g->dW2);
	gsl_vector_set_zero(g->db1);
	gsl_vector_set_zero(g->db2);

	for (i = 0; i < N; i++) {
		gsl_vector_const_view x = gsl_matrix_const_row(X, i);
		gsl_vector_const_view z1 = gsl_matrix_const_row(cache->z1, i);
		gsl_vector_const_view p = gsl_matrix_const_row(cache->prob, i);
		gsl_vector_view dz2 = gsl_matrix_row(g->dz2, i);
		gsl_vector_view dh = gsl_matrix_row(g->dp1, i);
		gsl_vector_view dz1 = gsl_matrix_row(g->dz1, i);

		gsl_vector_memcpy(&dz2.vector, &p.vector);
		gsl_vector_set(&dz2.vector, y[i], gsl_vector_get(&p.vector, y[i]) - 1.0);
		gsl_vector_scale(&dz2.vector, scale);

		/* second layer weights and bias */
		gsl_blas_dger(1.0, &z1.vector, &dz2.vector, g->dW2);
		gsl_vector_add(g->db2, &dz2.vector);

		/* hidden */
		gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0, &dh.vector);
		for (j = 0; j < dz1.vector.size; j++) {
			double v = gsl_vector_get(&z1.vector, j) > 0.0 ? gsl_vector_get(&dh.vector, j) : 0.0;
			gsl_vector_set(&dz1.vector, j, v);
		}

		/* first layer */
		gsl_blas_dger(1.0, &x.vector, &dz1.vector, g->dW1);
		gsl_vector_add(g->db1, &dz1.vector);
	}

	/* regularization (no 1/2 in our loss, so 2*reg) */
	for (j = 0; j < net->D; j++) {
		gsl_vector_view r = gsl_matrix_row(g->dW1, j);
		gsl_vector_const_view w = gsl_matrix_const_row(net->W1, j);
		gsl_blas_daxpy(2.0 * reg, &w.vector, &r.vector);
	}
	for (j = 0; j < net->H; j++) {
		gsl_vector_view r = gsl_matrix_row(g->dW2, j);
		gsl_vector_const_view w = gsl_matrix_const_row(net->W2, j);
		gsl_blas_daxpy(2.0 * reg, &w.vector, &r.vector);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
