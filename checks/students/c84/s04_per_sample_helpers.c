#include <stdlib.h>
#include "backprop.h"

/* Backprop one example at a time (that is how it was derived in lecture 7),
 * adding every example's contribution into the parameter gradients.
 * dz2/dp1/dz1 rows belong to one example so they are just written. */

static void zero_mat(gsl_matrix *A)
{
	size_t a, b;
	for (a = 0; a < A->size1; a++)
		for (b = 0; b < A->size2; b++)
			gsl_matrix_set(A, a, b, 0.0);
}

/* A += u v^T  (u is row iu of U, v is row iv of V) */
static void add_outer(gsl_matrix *A, const gsl_matrix *U, size_t iu,
		      const gsl_matrix *V, size_t iv)
{
	size_t a, b;
	for (a = 0; a < A->size1; a++)
		for (b = 0; b < A->size2; b++)
			gsl_matrix_set(A, a, b, gsl_matrix_get(A, a, b) +
				       gsl_matrix_get(U, iu, a) * gsl_matrix_get(V, iv, b));
}

/* dW += 2*reg*W */
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
	size_t a, b;
	for (a = 0; a < W->size1; a++)
		for (b = 0; b < W->size2; b++)
			gsl_matrix_set(dW, a, b, gsl_matrix_get(dW, a, b) + 2 * reg * gsl_matrix_get(W, a, b));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, hid = net->H, K = net->C;
	size_t i, h, k;
	double inv_n;

	if (n != cache->N || X->size2 != net->D || g->N != n)
		return 1;
	inv_n = 1.0 / (double) n;

	zero_mat(g->dW1);
	zero_mat(g->dW2);
	gsl_vector_set_zero(g->db1);
	gsl_vector_set_zero(g->db2);

	for (i = 0; i < n; i++) {
		/* scores */
		for (k = 0; k < K; k++) {
			double p = gsl_matrix_get(cache->prob, i, k);
			double t = (k == y[i]) ? 1.0 : 0.0;
			gsl_matrix_set(g->dz2, i, k, (p - t) * inv_n);
			gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + (p - t) * inv_n);
		}
		add_outer(g->dW2, cache->p1, i, g->dz2, i);

		/* hidden */
		for (h = 0; h < hid; h++) {
			double s = 0;
			for (k = 0; k < K; k++)
				s += gsl_matrix_get(net->W2, h, k) * gsl_matrix_get(g->dz2, i, k);
			gsl_matrix_set(g->dp1, i, h, s);
			if (gsl_matrix_get(cache->z1, i, h) <= 0)
				s = 0;
			gsl_matrix_set(g->dz1, i, h, s);
			gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) + s);
		}
		add_outer(g->dW1, X, i, g->dz1, i);
	}

	add_reg(g->dW2, net->W2, reg);
	add_reg(g->dW1, net->W1, reg);

	g->present = BP_GRADS_ALL;
	return 0;
}
