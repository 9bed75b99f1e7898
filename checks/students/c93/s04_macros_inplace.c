#include <gsl/gsl_blas.h>
#include "backprop.h"

#define AT(m, i, j)	((m)->data[(i) * (m)->tda + (j)])
#define SQR(x)		((x) * (x))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void colsums(const gsl_matrix *m, gsl_vector *out)
{
	size_t j;

	for (j = 0; j < m->size2; j++) {
		gsl_vector_const_view col = gsl_matrix_const_column(m, j);
		gsl_vector_set(out, j, gsl_vector_sum(&col.vector));
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	int N = X->size1, H = net->H;
	int i, j;

	if (N != (int)cache->N || X->size2 != net->D || (int)g->N != N)
		return 1;

	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++)
		AT(g->dz2, i, y[i]) -= 1.0;
	gsl_matrix_scale(g->dz2, 1.0 / N);

	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
		       reg + reg, g->dW2);
	colsums(g->dz2, g->db2);

	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* relu' is 1 or 0, so multiply dz1 by it in place */
	gsl_matrix_memcpy(g->dz1, g->dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			AT(g->dz1, i, j) *= (AT(cache->z1, i, j) > 0.0);

	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_matrix_scale(g->dW1, 2 * reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
	colsums(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
