/* backward.c -- backprop through  X -> affine -> relu -> affine -> softmax
 * written as a chain of small functions; every one returns a new matrix.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *dup(const gsl_matrix *a)
{
	gsl_matrix *b = gsl_matrix_alloc(a->size1, a->size2);
	gsl_matrix_memcpy(b, a);
	return b;
}

/* a^T b */
static gsl_matrix *matmul_tn(const gsl_matrix *a, const gsl_matrix *b)
{
	gsl_matrix *c = gsl_matrix_alloc(a->size2, b->size2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, a, b, 0.0, c);
	return c;
}

/* a b^T */
static gsl_matrix *matmul_nt(const gsl_matrix *a, const gsl_matrix *b)
{
	gsl_matrix *c = gsl_matrix_alloc(a->size1, b->size1);
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, a, b, 0.0, c);
	return c;
}

static void add_scaled(gsl_matrix *a, const gsl_matrix *b, double s)
{
	gsl_matrix *t = dup(b);
	gsl_matrix_scale(t, s);
	gsl_matrix_add(a, t);
	gsl_matrix_free(t);
}

static gsl_vector *sum_over_rows(const gsl_matrix *a)
{
	gsl_vector *s = gsl_vector_calloc(a->size2);
	size_t i, j;
	for (i = 0; i < a->size1; i++)
		for (j = 0; j < a->size2; j++)
			gsl_vector_set(s, j, gsl_vector_get(s, j) + gsl_matrix_get(a, i, j));
	return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, i, j;
	gsl_matrix *dz2, *dW2, *dp1, *dz1, *dW1;
	gsl_vector *db2, *db1;

	/* softmax + cross entropy */
	dz2 = dup(cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(dz2, i, y[i], gsl_matrix_get(dz2, i, y[i]) - 1.0);
	gsl_matrix_scale(dz2, 1.0 / (double)N);

	/* layer 2 */
	dW2 = matmul_tn(cache->p1, dz2);
	add_scaled(dW2, net->W2, 2 * reg);
	db2 = sum_over_rows(dz2);
	dp1 = matmul_nt(dz2, dW2);

	/* relu */
	dz1 = dup(dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < net->H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0)
				gsl_matrix_set(dz1, i, j, 0.0);

	/* layer 1 */
	dW1 = matmul_tn(X, dz1);
	add_scaled(dW1, net->W1, 2 * reg);
	db1 = sum_over_rows(dz1);

	gsl_matrix_memcpy(g->dz2, dz2);
	gsl_matrix_memcpy(g->dW2, dW2);
	gsl_vector_memcpy(g->db2, db2);
	gsl_matrix_memcpy(g->dp1, dp1);
	gsl_matrix_memcpy(g->dz1, dz1);
	gsl_matrix_memcpy(g->dW1, dW1);
	gsl_vector_memcpy(g->db1, db1);
	g->present = BP_GRADS_ALL;

	gsl_matrix_free(dz2); gsl_matrix_free(dW2); gsl_vector_free(db2);
	gsl_matrix_free(dp1); gsl_matrix_free(dz1);
	gsl_matrix_free(dW1); gsl_vector_free(db1);
	return 0;
}
