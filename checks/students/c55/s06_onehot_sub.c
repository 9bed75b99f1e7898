// SPDX-License-Identifier: GPL-2.0
/*
 * backward.c - backprop for the 2-layer net (NN lab, exercise 4)
 *
 * dz2 is built from an explicit one-hot matrix, then everything else
 * with BLAS level 3 and small helpers.
 */

#include <assert.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* dw = a^T * dout + 2 * reg * w */
static void linear_dw(const gsl_matrix *a, const gsl_matrix *dout,
		      const gsl_matrix *w, double reg, gsl_matrix *dw)
{
	assert(dw->size1 == a->size2 && dw->size2 == dout->size2);
	gsl_matrix_memcpy(dw, w);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, a, dout, 2.0 * reg, dw);
}

/* db[j] = sum_i dout[i][j] */
static void linear_db(const gsl_matrix *dout, gsl_vector *db)
{
	size_t j;

	assert(db->size == dout->size2);
	for (j = 0; j < dout->size2; j++) {
		gsl_vector_const_view col = gsl_matrix_const_column(dout, j);

		gsl_vector_set(db, j, gsl_vector_sum(&col.vector));
	}
}

/* dz = dp * (z > 0) */
static void relu_back(const gsl_matrix *dp, const gsl_matrix *z,
		      gsl_matrix *dz)
{
	size_t i, j;

	for (i = 0; i < z->size1; i++) {
		const double *zr = gsl_matrix_const_ptr(z, i, 0);
		const double *dpr = gsl_matrix_const_ptr(dp, i, 0);
		double *dzr = gsl_matrix_ptr(dz, i, 0);

		for (j = 0; j < z->size2; j++)
			dzr[j] = zr[j] > 0.0 ? dpr[j] : 0.0;
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t n = X->size1;
	size_t i;

	assert(cache->N == n && g->N == n);
	assert(X->size2 == net->D && g->C == net->C);

	/* dz2 = (probs - Y) / n, Y the one-hot labels */
	gsl_matrix_set_zero(g->dz2);
	for (i = 0; i < n; i++)
		gsl_matrix_set(g->dz2, i, y[i], 1.0);
	gsl_matrix_sub(g->dz2, cache->prob);
	gsl_matrix_scale(g->dz2, 1.0 / (double)n);

	linear_dw(cache->p1, g->dz2, net->W2, reg, g->dW2);
	linear_db(g->dz2, g->db2);
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
		       0.0, g->dp1);

	relu_back(g->dp1, cache->z1, g->dz1);

	linear_dw(X, g->dz1, net->W1, reg, g->dW1);
	linear_db(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
