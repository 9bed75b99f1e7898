// SPDX-License-Identifier: GPL-2.0
/*
 * backward.c - two-layer net, backward pass.
 *
 * One helper per layer kind: affine_backward() for both affine layers
 * (dX only when asked for), relu_backward() in between.  The penalty
 * goes into dW through beta of the dgemm, after dW = W.
 */

#include <assert.h>
#include <stddef.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/*
 * out = in * W + b:
 *   dW = in^T dout + 2 reg W,  db = sum over rows of dout,  din = dout W^T
 */
static void affine_backward(const gsl_matrix *in, const gsl_matrix *W,
			    const gsl_matrix *dout, double reg,
			    gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
	size_t i, j;

	assert(in->size1 == dout->size1);
	assert(W->size1 == in->size2 && W->size2 == dout->size2);

	gsl_matrix_memcpy(dW, W);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, reg, dW);

	for (j = 0; j < dout->size2; j++) {
		double s = 0.0;

		for (i = 0; i < dout->size1; i++)
			s += gsl_matrix_get(dout, i, j);
		gsl_vector_set(db, j, s);
	}

	if (din)
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

/* din = dout where z > 0, else 0 */
static void relu_backward(const gsl_matrix *z, const gsl_matrix *dout,
			  gsl_matrix *din)
{
	size_t i, j;

	for (i = 0; i < z->size1; i++)
		for (j = 0; j < z->size2; j++)
			gsl_matrix_set(din, i, j, gsl_matrix_get(z, i, j) > 0 ?
				       gsl_matrix_get(dout, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t n = X->size1;
	size_t i, k;

	assert(cache->N == n && g->N == n && X->size2 == net->D);

	for (i = 0; i < n; i++) {
		for (k = 0; k < net->C; k++) {
			double v = gsl_matrix_get(cache->prob, i, k);

			if (k == y[i])
				v -= 1.0;
			gsl_matrix_set(g->dz2, i, k, v / n);
		}
	}

	affine_backward(cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);
	relu_backward(cache->z1, g->dp1, g->dz1);
	affine_backward(X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

	g->present = BP_GRADS_ALL;
	return 0;
}
