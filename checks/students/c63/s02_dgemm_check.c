/*
 * backward.c - backprop for the 2-layer net
 *
 * Recomputes the hidden layer with dgemm and compares it with the cache
 * before using it (prints if they disagree).  The softmax is taken from
 * the cache: it is only used once, for dz2.
 */
#include <stdio.h>
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* print a warning if my matrix and the cached one are not the same */
static void check_close(const char *name, const gsl_matrix *mine,
			const gsl_matrix *cached)
{
	size_t i, j;
	double worst = 0.0;

	for (i = 0; i < mine->size1; i++)
		for (j = 0; j < mine->size2; j++) {
			double d = fabs(gsl_matrix_get(mine, i, j) -
					gsl_matrix_get(cached, i, j));
			if (d > worst)
				worst = d;
		}
	if (worst > 1e-9)
		fprintf(stderr, "check_close: %s off from the cache by %g\n",
			name, worst);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H;
	size_t i, j;
	int rc = 1;
	gsl_matrix *z1 = NULL, *p1 = NULL, *mask = NULL;
	gsl_vector *ones = NULL;

	z1 = gsl_matrix_alloc(N, H);
	p1 = gsl_matrix_alloc(N, H);
	mask = gsl_matrix_alloc(N, H);
	ones = gsl_vector_alloc(N);
	if (!z1 || !p1 || !mask || !ones)
		goto out;

	/* z1 = X W1 + b1 */
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, z1);
	for (i = 0; i < N; i++) {
		gsl_vector_view row = gsl_matrix_row(z1, i);
		gsl_vector_add(&row.vector, net->b1);
	}

	/* p1 = relu(z1), mask = 1 where the unit is on */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double z = gsl_matrix_get(z1, i, j);
			gsl_matrix_set(p1, i, j, z > 0 ? z : 0.0);
			gsl_matrix_set(mask, i, j, z > 0 ? 1.0 : 0.0);
		}
	check_close("z1", z1, cache->z1);
	check_close("p1", p1, cache->p1);

	/* dz2 = (prob - onehot) / N */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
	gsl_matrix_scale(g->dz2, 1.0 / N);

	/* dW2 = p1^T dz2 + 2 reg W2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, g->dz2, 2.0 * reg, g->dW2);

	/* db2 = dz2^T 1 */
	gsl_vector_set_all(ones, 1.0);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

	/* dp1 = dz2 W2^T */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* dz1 = dp1 .* mask */
	gsl_matrix_memcpy(g->dz1, g->dp1);
	gsl_matrix_mul_elements(g->dz1, mask);

	/* dW1 = X^T dz1 + 2 reg W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

	/* db1 = dz1^T 1 */
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

	g->present = BP_GRADS_ALL;
	rc = 0;
out:
	gsl_matrix_free(z1);
	gsl_matrix_free(p1);
	gsl_matrix_free(mask);
	gsl_vector_free(ones);
	return rc;
}
