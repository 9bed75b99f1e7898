/*
 * lab4_backward.c - Intro to NN, lab 4
 * Lukas Brenner
 *
 * Layer API: output first, then inputs (like memcpy).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* dz = (p - onehot(y)) / N */
static void softmax_ce_backward(gsl_matrix *dz, const gsl_matrix *p,
				const size_t *y)
{
	size_t i, N = p->size1;

	gsl_matrix_memcpy(dz, p);
	for (i = 0; i < N; i++)
		gsl_matrix_set(dz, i, y[i], gsl_matrix_get(dz, i, y[i]) - 1.0);
	gsl_matrix_scale(dz, 1.0 / (double)N);
}

/* dx = dout .* [z > 0] */
static void relu_backward(gsl_matrix *dx, const gsl_matrix *dout,
			  const gsl_matrix *z)
{
	size_t i, j;

	for (i = 0; i < z->size1; i++)
		for (j = 0; j < z->size2; j++)
			gsl_matrix_set(dx, i, j, gsl_matrix_get(z, i, j) > 0 ?
				       gsl_matrix_get(dout, i, j) : 0.0);
}

/* dW = x' dout + 2 reg W, db = colsum(dout), dx = dout W' (dx may be NULL) */
static void dense_backward(gsl_matrix *dW, gsl_vector *db, gsl_matrix *dx,
			   const gsl_matrix *x, const gsl_matrix *W,
			   const gsl_matrix *dout, double reg)
{
	size_t i;

	gsl_matrix_memcpy(dW, W);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, dout, 2.0 * reg, dW);

	gsl_vector_set_zero(db);
	for (i = 0; i < dout->size1; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(dout, i);
		gsl_vector_add(db, &r.vector);
	}

	if (dx != NULL)
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, dx);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* loss layer */
	softmax_ce_backward(g->dz2, cache->z2, y);
	/* layer 2 */
	dense_backward(g->dW2, g->db2, g->dp1, cache->p1, net->W2, g->dz2, reg);
	/* relu */
	relu_backward(g->dz1, g->dp1, cache->z1);
	/* layer 1 */
	dense_backward(g->dW1, g->db1, NULL, X, net->W1, g->dz1, reg);

	g->present = BP_GRADS_ALL;
	return 0;
}
