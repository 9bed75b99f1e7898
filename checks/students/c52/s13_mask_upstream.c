/* backward.c - Intro to NN, homework 3 (backprop)
 * Mateo Alvarez
 *
 * Row by row with GSL vector views; the helpers write into the output
 * arguments they are given.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static void softmax_ce_backward(const gsl_matrix *prob, const size_t *y,
				gsl_matrix *dz)
{
	size_t i, N = prob->size1;

	for (i = 0; i < N; i++) {
		gsl_vector_const_view p = gsl_matrix_const_row(prob, i);
		gsl_vector_view d = gsl_matrix_row(dz, i);

		gsl_vector_memcpy(&d.vector, &p.vector);
		*gsl_vector_ptr(&d.vector, y[i]) -= 1.0;
		gsl_vector_scale(&d.vector, 1.0 / N);
	}
}

static void dense_backward(const gsl_matrix *in, const gsl_matrix *W,
			   const gsl_matrix *dout, double reg,
			   gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
	size_t n;

	gsl_matrix_memcpy(dW, W);
	gsl_matrix_scale(dW, 2.0 * reg);
	gsl_vector_set_zero(db);
	for (n = 0; n < in->size1; n++) {
		gsl_vector_const_view x = gsl_matrix_const_row(in, n);
		gsl_vector_const_view d = gsl_matrix_const_row(dout, n);

		gsl_blas_dger(1.0, &x.vector, &d.vector, dW);
		gsl_vector_add(db, &d.vector);
	}
	if (din)
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

/* relu: let the gradient through where it is positive */
static void relu_backward(const gsl_matrix *dout, const gsl_matrix *z,
			  gsl_matrix *din)
{
	size_t i, j;

	for (i = 0; i < z->size1; i++) {
		gsl_vector_const_view d = gsl_matrix_const_row(dout, i);
		gsl_vector_view o = gsl_matrix_row(din, i);

		for (j = 0; j < z->size2; j++) {
			double v = gsl_vector_get(&d.vector, j);
			gsl_vector_set(&o.vector, j, v > 0.0 ? v : 0.0);
		}
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	softmax_ce_backward(cache->prob, y, g->dz2);
	dense_backward(cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);
	relu_backward(g->dp1, cache->z1, g->dz1);
	dense_backward(X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

	g->present = BP_GRADS_ALL;
	return 0;
}
