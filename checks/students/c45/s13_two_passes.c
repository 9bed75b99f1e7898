/*
 * Assignment 2 -- backward.c
 * Student: Emily Novak (ID 1193305)
 *
 * Two passes: first the output layer (dz2, dW2, db2), then the hidden
 * layer (dp1, dz1, dW1, db1).  Gradients of the parameters are computed
 * with dgemm and then regularised with a separate helper, because the
 * data term and the penalty term are separate terms of the loss.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop.h"

#define REG_GRAD_COEFF 2.0   /* loss has reg*||W||^2, so grad is 2*reg*W */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static int add_reg_term(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
	gsl_matrix *tmp = gsl_matrix_alloc(W->size1, W->size2);
	int err;

	if (!tmp) return GSL_ENOMEM;
	err = gsl_matrix_memcpy(tmp, W);
	if (!err) err = gsl_matrix_scale(tmp, REG_GRAD_COEFF * reg);
	if (!err) err = gsl_matrix_add(dW, tmp);
	gsl_matrix_free(tmp);
	return err;
}

static void sum_columns(const gsl_matrix *M, gsl_vector *out)
{
	size_t r, c;

	gsl_vector_set_zero(out);
	for (r = 0; r < M->size1; r++)
		for (c = 0; c < M->size2; c++)
			gsl_vector_set(out, c, gsl_vector_get(out, c) + gsl_matrix_get(M, r, c));
}

static int output_pass(const bp_net *net, const size_t *y, double reg,
                       const bp_cache *cache, bp_grads *g)
{
	const size_t N = cache->N;
	size_t i;
	int err;

	err = gsl_matrix_memcpy(g->dz2, cache->prob);
	if (err) return err;
	for (i = 0; i < N; i++) {
		const double p = gsl_matrix_get(g->dz2, i, y[i]);
		gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
	}
	err = gsl_matrix_scale(g->dz2, 1.0 / (double) N);
	if (err) return err;

	err = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
	if (err) return err;
	err = add_reg_term(g->dW2, net->W2, reg);
	if (err) return err;

	sum_columns(g->dz2, g->db2);
	return GSL_SUCCESS;
}

static int hidden_pass(const bp_net *net, const gsl_matrix *X, double reg,
                       const bp_cache *cache, bp_grads *g)
{
	size_t i, j;
	int err;

	err = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
	if (err) return err;

	for (i = 0; i < cache->N; i++) {
		for (j = 0; j < cache->H; j++) {
			const double z = gsl_matrix_get(cache->z1, i, j);
			gsl_matrix_set(g->dz1, i, j, z > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
		}
	}

	err = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 0.0, g->dW1);
	if (err) return err;
	err = add_reg_term(g->dW1, net->W1, reg);
	if (err) return err;

	sum_columns(g->dz1, g->db1);
	return GSL_SUCCESS;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	int err;

	if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
		return GSL_EBADLEN;

	err = output_pass(net, y, reg, cache, g);
	if (err) goto cleanup;
	err = hidden_pass(net, X, reg, cache, g);
	if (err) goto cleanup;

	g->present = BP_GRADS_ALL;
cleanup:
	return err;
}
