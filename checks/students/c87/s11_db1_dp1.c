/* HW4 backward pass
 * -----------------
 * grad_bias() is shared by both layers (column sums with a ones vector),
 * everything else has its own function. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void grad_dz2(gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y)
{
	size_t n;
	double N = (double) prob->size1;

	for (n = 0; n < prob->size1; n++) {
		gsl_vector_const_view src = gsl_matrix_const_row(prob, n);
		gsl_vector_view dst = gsl_matrix_row(dz2, n);

		gsl_vector_memcpy(&dst.vector, &src.vector);
		gsl_vector_set(&dst.vector, y[n], gsl_vector_get(&dst.vector, y[n]) - 1.0);
	}
	gsl_matrix_scale(dz2, 1.0 / N);
}

static void grad_dW2(gsl_matrix *dW2, const gsl_matrix *p1,
		     const gsl_matrix *dz2, const gsl_matrix *W2, double reg)
{
	gsl_matrix_memcpy(dW2, W2);
	gsl_matrix_scale(dW2, 2.0 * reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, dz2, 1.0, dW2);
}

/* sum over the batch dimension, ones is N long */
static void grad_bias(gsl_vector *db, const gsl_matrix *dout, const gsl_vector *ones)
{
	gsl_blas_dgemv(CblasTrans, 1.0, dout, ones, 0.0, db);
}

static void grad_dp1(gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void grad_dz1(gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1)
{
	size_t n, h;

	for (n = 0; n < z1->size1; n++)
		for (h = 0; h < z1->size2; h++) {
			double d = gsl_matrix_get(dp1, n, h);
			gsl_matrix_set(dz1, n, h, gsl_matrix_get(z1, n, h) > 0 ? d : 0.0);
		}
}

static void grad_dW1(gsl_matrix *dW1, const gsl_matrix *X,
		     const gsl_matrix *dz1, const gsl_matrix *W1, double reg)
{
	gsl_matrix_memcpy(dW1, W1);
	gsl_matrix_scale(dW1, 2.0 * reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 1.0, dW1);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	gsl_vector *ones;

	if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
		return 1;
	ones = gsl_vector_alloc(X->size1);
	if (ones == NULL)
		return 1;
	gsl_vector_set_all(ones, 1.0);

	grad_dz2(g->dz2, cache->prob, y);
	grad_dW2(g->dW2, cache->p1, g->dz2, net->W2, reg);
	grad_bias(g->db2, g->dz2, ones);
	grad_dp1(g->dp1, g->dz2, net->W2);
	grad_dz1(g->dz1, g->dp1, cache->z1);
	grad_dW1(g->dW1, X, g->dz1, net->W1, reg);
	grad_bias(g->db1, g->dp1, ones);

	gsl_vector_free(ones);
	g->present = BP_GRADS_ALL;
	return 0;
}
