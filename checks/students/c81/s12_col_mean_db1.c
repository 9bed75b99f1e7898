/* ---------------------------------------------------------------
 * Assignment 2 -- backward()
 * Helpers kept from assignment 1's utils.c.  (col_mean was for
 * centering the data, col_sum for the loss.)
 * --------------------------------------------------------------- */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

gsl_vector *col_sum(const gsl_matrix *A, gsl_vector *out)
{
	size_t i, j;
	for (j = 0; j < A->size2; j++) {
		double s = 0.0;
		for (i = 0; i < A->size1; i++)
			s += gsl_matrix_get(A, i, j);
		gsl_vector_set(out, j, s);
	}
	return out;
}

gsl_vector *col_mean(const gsl_matrix *A, gsl_vector *out)
{
	col_sum(A, out);
	gsl_vector_scale(out, 1.0 / A->size1);
	return out;
}

gsl_matrix *mat_mul(const gsl_matrix *A, int transA, const gsl_matrix *B,
		    int transB, gsl_matrix *out)
{
	gsl_blas_dgemm(transA ? CblasTrans : CblasNoTrans,
		       transB ? CblasTrans : CblasNoTrans, 1.0, A, B, 0.0, out);
	return out;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, i, j;
	double inv = 1.0 / (double) N;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	for (i = 0; i < N; i++)
		for (j = 0; j < net->C; j++)
			gsl_matrix_set(g->dz2, i, j,
				       (gsl_matrix_get(cache->prob, i, j) - (j == y[i])) * inv);

	mat_mul(cache->p1, 1, g->dz2, 0, g->dW2);
	for (i = 0; i < net->H; i++)
		for (j = 0; j < net->C; j++)
			*gsl_matrix_ptr(g->dW2, i, j) += 2 * reg * gsl_matrix_get(net->W2, i, j);
	col_sum(g->dz2, g->db2);

	mat_mul(g->dz2, 0, net->W2, 1, g->dp1);

	for (i = 0; i < N; i++)
		for (j = 0; j < net->H; j++)
			gsl_matrix_set(g->dz1, i, j,
				       gsl_matrix_get(cache->p1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

	mat_mul(X, 1, g->dz1, 0, g->dW1);
	for (i = 0; i < net->D; i++)
		for (j = 0; j < net->H; j++)
			*gsl_matrix_ptr(g->dW1, i, j) += 2 * reg * gsl_matrix_get(net->W1, i, j);
	col_mean(g->dz1, g->db1);	/* average the bias grad over the batch */

	g->present = BP_GRADS_ALL;
	return 0;
}
