// SPDX-License-Identifier: GPL-2.0
/*
 * backward.c - backward pass of the two-layer network.
 *
 * Each step is a small helper named after what it returns; loops with
 * gsl_matrix_get/set, no BLAS (I wanted to see every index once).
 */

#include <assert.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* dz = (prob - onehot(y)) / n */
static void scores_grad(const gsl_matrix *prob, const size_t *y,
			gsl_matrix *dz)
{
	const size_t n = prob->size1;
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < prob->size2; k++)
			gsl_matrix_set(dz, i, k, (gsl_matrix_get(prob, i, k) -
						  (k == y[i] ? 1.0 : 0.0)) / n);
}

/* dw = in^T dout + 2 reg w */
static void weights_grad(const gsl_matrix *in, const gsl_matrix *dout,
			 const gsl_matrix *w, double reg, gsl_matrix *dw)
{
	size_t i, k, m;

	assert(in->size1 == dout->size1);
	for (k = 0; k < w->size1; k++) {
		for (m = 0; m < w->size2; m++) {
			double s = 2.0 * reg * gsl_matrix_get(w, k, m);

			for (i = 0; i < in->size1; i++)
				s += gsl_matrix_get(in, i, k) *
				     gsl_matrix_get(dout, i, m);
			gsl_matrix_set(dw, k, m, s);
		}
	}
}

/* db = column sums of dout */
static void bias_grad(const gsl_matrix *dout, gsl_vector *db)
{
	size_t i, m;

	for (m = 0; m < dout->size2; m++) {
		double s = 0.0;

		for (i = 0; i < dout->size1; i++)
			s += gsl_matrix_get(dout, i, m);
		gsl_vector_set(db, m, s);
	}
}

/* din = dout w^T;  dout (n, m), w (k, m), din (n, k) */
static void input_grad(const gsl_matrix *dout, const gsl_matrix *w,
		       gsl_matrix *din)
{
	size_t i, k, m;

	assert(dout->size2 == w->size2);
	for (i = 0; i < dout->size1; i++) {
		for (k = 0; k < w->size2; k++) {
			double s = 0.0;

			for (m = 0; m < w->size2; m++)
				s += gsl_matrix_get(dout, i, m) *
				     gsl_matrix_get(w, k, m);
			gsl_matrix_set(din, i, k, s);
		}
	}
}

/* dz = dp * [z > 0] */
static void relu_grad(const gsl_matrix *dp, const gsl_matrix *z,
		      gsl_matrix *dz)
{
	size_t i, j;

	for (i = 0; i < z->size1; i++)
		for (j = 0; j < z->size2; j++)
			gsl_matrix_set(dz, i, j, gsl_matrix_get(z, i, j) > 0.0 ?
				       gsl_matrix_get(dp, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	assert(cache->N == X->size1 && g->N == X->size1);
	assert(X->size2 == net->D && g->H == net->H && g->C == net->C);

	scores_grad(cache->prob, y, g->dz2);
	weights_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
	bias_grad(g->dz2, g->db2);
	input_grad(g->dz2, net->W2, g->dp1);
	relu_grad(g->dp1, cache->z1, g->dz1);
	weights_grad(X, g->dz1, net->W1, reg, g->dW1);
	bias_grad(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
