/*
 * backward.c
 *
 * The hidden layer is recomputed in two steps, xw = X W1 and then
 * z1 = xw + b1, and checked against the cache (only printed, the numbers
 * should agree).  prob is read from the cache.
 */
#include <stdio.h>
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static double max_abs_diff(const gsl_matrix *a, const gsl_matrix *b)
{
	size_t i, j;
	double m = 0;

	for (i = 0; i < a->size1; i++)
		for (j = 0; j < a->size2; j++)
			m = fmax(m, fabs(gsl_matrix_get(a, i, j) - gsl_matrix_get(b, i, j)));
	return m;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, H = net->H;
	gsl_matrix *xw, *z1, *p1, *mask;
	gsl_vector *ones;
	size_t i, j;

	xw = gsl_matrix_alloc(N, H);
	z1 = gsl_matrix_alloc(N, H);
	p1 = gsl_matrix_alloc(N, H);
	mask = gsl_matrix_alloc(N, H);
	ones = gsl_vector_alloc(N);
	if (!xw || !z1 || !p1 || !mask || !ones) {
		gsl_matrix_free(xw);
		gsl_matrix_free(z1);
		gsl_matrix_free(p1);
		gsl_matrix_free(mask);
		gsl_vector_free(ones);
		return 1;
	}
	gsl_vector_set_all(ones, 1.0);

	/* xw = X W1, z1 = xw + b1 */
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, xw);
	gsl_matrix_memcpy(z1, xw);
	for (i = 0; i < N; i++) {
		gsl_vector_view r = gsl_matrix_row(z1, i);
		gsl_vector_add(&r.vector, net->b1);
	}

	/* relu and its mask */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double v = gsl_matrix_get(z1, i, j);
			gsl_matrix_set(p1, i, j, v > 0 ? v : 0);
			gsl_matrix_set(mask, i, j, gsl_matrix_get(xw, i, j) > 0 ? 1 : 0);
		}

	if (max_abs_diff(z1, cache->z1) > 1e-9)
		printf("z1 does not match the cache!\n");
	if (max_abs_diff(p1, cache->p1) > 1e-9)
		printf("p1 does not match the cache!\n");

	/* dz2 = (prob - 1{y}) / N */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++)
		*gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
	gsl_matrix_scale(g->dz2, 1.0 / N);

	/* dW2 = p1^T dz2 + 2 reg W2 ; db2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, g->dz2, 2 * reg, g->dW2);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

	/* dp1 = dz2 W2^T */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* dz1 = dp1 .* mask */
	gsl_matrix_memcpy(g->dz1, g->dp1);
	gsl_matrix_mul_elements(g->dz1, mask);

	/* dW1 = X^T dz1 + 2 reg W1 ; db1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

	gsl_matrix_free(xw);
	gsl_matrix_free(z1);
	gsl_matrix_free(p1);
	gsl_matrix_free(mask);
	gsl_vector_free(ones);
	g->present = BP_GRADS_ALL;
	return 0;
}
