/* Backward pass.  Rows and columns through gsl_vector views; the column
 * sums are a dot product with a vector of ones that lives in a static
 * array (made once, reused every call). */
#include "backprop.h"
#include <gsl/gsl_blas.h>

#define MAXN 1024

static double ones_buf[MAXN];
static int ones_ready = 0;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, i, j;
	double s;

	if (n != cache->N || X->size2 != net->D || g->N != n || n > MAXN)
		return 1;
	if (!ones_ready) {
		for (i = 0; i < MAXN; i++)
			ones_buf[i] = 1.0;
		ones_ready = 1;
	}
	gsl_vector_view one = gsl_vector_view_array(ones_buf, n);

	/* dz2, one row at a time */
	for (i = 0; i < n; i++) {
		gsl_vector_const_view pr = gsl_matrix_const_row(cache->prob, i);
		gsl_vector_view dr = gsl_matrix_row(g->dz2, i);
		gsl_vector_memcpy(&dr.vector, &pr.vector);
		gsl_vector_set(&dr.vector, y[i], gsl_vector_get(&dr.vector, y[i]) - 1.0);
		gsl_vector_scale(&dr.vector, 1.0 / n);
	}

	/* dW2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

	/* db2[j] = ones . column j of dz2 */
	for (j = 0; j < g->C; j++) {
		gsl_vector_view c = gsl_matrix_column(g->dz2, j);
		gsl_blas_ddot(&one.vector, &c.vector, &s);
		gsl_vector_set(g->db2, j, s);
	}

	/* dp1 = dz2 W2^T, row i of dp1 = W2 * row i of dz2 */
	for (i = 0; i < n; i++) {
		gsl_vector_view a = gsl_matrix_row(g->dz2, i);
		gsl_vector_view b = gsl_matrix_row(g->dp1, i);
		gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &a.vector, 0.0, &b.vector);
	}

	/* dz1 */
	for (i = 0; i < n; i++) {
		gsl_vector_view b = gsl_matrix_row(g->dp1, i);
		gsl_vector_view z = gsl_matrix_row(cache->z1, i);
		gsl_vector_view o = gsl_matrix_row(g->dz1, i);
		for (j = 0; j < g->H; j++)
			gsl_vector_set(&o.vector, j, gsl_vector_get(&z.vector, j) > 0 ?
			               gsl_vector_get(&b.vector, j) : 0.0);
	}

	/* dW1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

	/* db1 = dz1^T ones */
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, &one.vector, 0.0, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
