/*
 * Backward for TwoLayerNet.
 * Done one sample at a time (like looping over the batch with autograd),
 * dW accumulated with outer products (gsl_blas_dger).
 * The softmax is recomputed from the scores here, max subtracted.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear {
	const gsl_matrix *W;
	gsl_matrix *dW;
	gsl_vector *db;
};

/* one row: grad = (softmax(z) - onehot(label)) * scale */
static void softmax_xent_backward(const gsl_vector *z, size_t label,
				  double scale, gsl_vector *grad)
{
	double mx = gsl_vector_max(z), tot = 0.0;
	size_t k;

	for (k = 0; k < z->size; k++) {
		double e = exp(gsl_vector_get(z, k) - mx);
		gsl_vector_set(grad, k, e);
		tot += e;
	}
	gsl_vector_scale(grad, 1.0 / tot);
	gsl_vector_set(grad, label, gsl_vector_get(grad, label) - 1.0);
	gsl_vector_scale(grad, scale);
}

/* one row through a linear layer: dW += x grad^T, db += grad, gx = W grad */
static void linear_backward(struct linear *lin, const gsl_vector *x,
			    const gsl_vector *grad, gsl_vector *gx)
{
	gsl_blas_dger(1.0, x, grad, lin->dW);
	gsl_vector_add(lin->db, grad);
	if (gx)
		gsl_blas_dgemv(CblasNoTrans, 1.0, lin->W, grad, 0.0, gx);
}

static void relu_backward(gsl_vector *grad, const gsl_vector *z)	/* in place */
{
	size_t k;
	for (k = 0; k < z->size; k++)
		if (gsl_vector_get(z, k) <= 0.0)
			gsl_vector_set(grad, k, 0.0);
}

static void add_l2(struct linear *lin, double reg)
{
	gsl_matrix *tmp = gsl_matrix_alloc(lin->W->size1, lin->W->size2);

	gsl_matrix_memcpy(tmp, lin->W);
	gsl_matrix_scale(tmp, 2.0 * reg);
	gsl_matrix_add(lin->dW, tmp);
	gsl_matrix_free(tmp);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	struct linear fc1 = { net->W1, g->dW1, g->db1 };
	struct linear fc2 = { net->W2, g->dW2, g->db2 };
	size_t N = X->size1, i;

	/* zero_grad() */
	gsl_matrix_set_zero(fc1.dW);
	gsl_vector_set_zero(fc1.db);
	gsl_matrix_set_zero(fc2.dW);
	gsl_vector_set_zero(fc2.db);

	for (i = 0; i < N; i++) {
		gsl_vector_const_view x = gsl_matrix_const_row(X, i);
		gsl_vector_const_view z1 = gsl_matrix_const_row(cache->z1, i);
		gsl_vector_const_view p1 = gsl_matrix_const_row(cache->p1, i);
		gsl_vector_const_view z2 = gsl_matrix_const_row(cache->z2, i);
		gsl_vector_view grad_scores = gsl_matrix_row(g->dz2, i);
		gsl_vector_view grad_hidden = gsl_matrix_row(g->dp1, i);
		gsl_vector_view grad_pre = gsl_matrix_row(g->dz1, i);

		softmax_xent_backward(&z2.vector, y[i], 1.0 / (double) N,
				      &grad_scores.vector);
		linear_backward(&fc2, &p1.vector, &grad_scores.vector,
				&grad_hidden.vector);
		gsl_vector_memcpy(&grad_pre.vector, &grad_hidden.vector);
		relu_backward(&grad_pre.vector, &z1.vector);
		linear_backward(&fc1, &x.vector, &grad_pre.vector, NULL);
	}

	/* L2: d/dW reg*|W|^2 = 2 reg W */
	add_l2(&fc1, reg);
	add_l2(&fc2, reg);

	g->present = BP_GRADS_ALL;
	return 0;
}
