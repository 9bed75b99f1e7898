/*
 * backward.c - Lab 4, backward pass of the two-layer classifier
 *
 * Author: Priya Natarajan (group 7)
 *
 * I went through the batch one sample at a time, the same way the lecture
 * derived it on the board: every quantity of sample i only depends on row
 * i of the cache, and the parameter gradients are sums over the samples.
 * Every GSL call that can fail has its status checked.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* Turn a row of softmax probabilities into dL/dz2 for that sample. */
static void softmax_grad_inplace(gsl_vector *row, size_t label, double inv_n)
{
	gsl_vector_set(row, label, gsl_vector_get(row, label) - 1.0);
	gsl_vector_scale(row, inv_n);
}

/* dz = dp where the unit was active (z > 0), zero elsewhere. */
static void relu_backward(gsl_vector *dz, const gsl_vector *dp,
			  const gsl_vector *z)
{
	size_t j;

	for (j = 0; j < dz->size; j++)
		gsl_vector_set(dz, j, gsl_vector_get(z, j) > 0.0 ?
			       gsl_vector_get(dp, j) : 0.0);
}

/* A += u v' */
static int accumulate_outer(gsl_matrix *A, const gsl_vector *u,
			    const gsl_vector *v)
{
	return gsl_blas_dger(1.0, u, v, A);
}

/* grad += 2 * reg * W  (the loss has reg * |W|^2, no one half) */
static int apply_l2(gsl_matrix *grad, const gsl_matrix *W, double reg)
{
	gsl_matrix *tmp;
	int status;

	tmp = gsl_matrix_alloc(W->size1, W->size2);
	if (tmp == NULL)
		return GSL_ENOMEM;

	status = gsl_matrix_memcpy(tmp, W);
	if (status == GSL_SUCCESS)
		status = gsl_matrix_scale(tmp, 2.0 * reg);
	if (status == GSL_SUCCESS)
		status = gsl_matrix_add(grad, tmp);

	gsl_matrix_free(tmp);
	return status;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t n = X->size1;
	const double inv_n = 1.0 / (double)n;
	int status = GSL_SUCCESS;
	size_t i;

	if (n == 0 || n != cache->N || X->size2 != net->D || g->N != n)
		return GSL_EBADLEN;

	/* the parameter gradients are accumulated below */
	gsl_matrix_set_zero(g->dW2);
	gsl_vector_set_zero(g->db2);
	gsl_matrix_set_zero(g->dW1);
	gsl_vector_set_zero(g->db1);

	for (i = 0; i < n; i++) {
		gsl_vector_const_view x_i = gsl_matrix_const_row(X, i);
		gsl_vector_const_view prob_i = gsl_matrix_const_row(cache->prob, i);
		gsl_vector_const_view h_i = gsl_matrix_const_row(cache->p1, i);
		gsl_vector_const_view z1_i = gsl_matrix_const_row(cache->z1, i);
		gsl_vector_view dz2_i = gsl_matrix_row(g->dz2, i);
		gsl_vector_view dp1_i = gsl_matrix_row(g->dp1, i);
		gsl_vector_view dz1_i = gsl_matrix_row(g->dz1, i);

		/* 1. dz2 */
		status = gsl_vector_memcpy(&dz2_i.vector, &prob_i.vector);
		if (status)
			goto cleanup;
		softmax_grad_inplace(&dz2_i.vector, y[i], inv_n);

		/* 2./3. output layer */
		status = accumulate_outer(g->dW2, &h_i.vector, &dz2_i.vector);
		if (status)
			goto cleanup;
		status = gsl_vector_add(g->db2, &dz2_i.vector);
		if (status)
			goto cleanup;

		/* 4. dp1_i = W2 dz2_i   (H x C times C) */
		status = gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2,
					&dz2_i.vector, 0.0, &dp1_i.vector);
		if (status)
			goto cleanup;

		/* 5. through the ReLU */
		relu_backward(&dz1_i.vector, &dp1_i.vector, &z1_i.vector);

		/* 6./7. hidden layer */
		status = accumulate_outer(g->dW1, &x_i.vector, &dz1_i.vector);
		if (status)
			goto cleanup;
		status = gsl_vector_add(g->db1, &dz1_i.vector);
		if (status)
			goto cleanup;
	}

	status = apply_l2(g->dW2, net->W2, reg);
	if (status)
		goto cleanup;
	status = apply_l2(g->dW1, net->W1, reg);
	if (status)
		goto cleanup;

	g->present = BP_GRADS_ALL;

cleanup:
	return status;
}
