#include <gsl/gsl_blas.h>
#include "backprop.h"

/*
 * backward pass (hw3)
 * W gradients: put 2*reg*W in first, then dgemm with beta=1 adds the
 * data part on top of it.
 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, nH = net->H, nC = net->C;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* scores */
	for (i = 0; i < N; i++) {
		for (j = 0; j < nC; j++) {
			double p = gsl_matrix_get(cache->prob, i, j);
			gsl_matrix_set(g->dz2, i, j, (j == y[i] ? p - 1.0 : p) / N);
		}
	}

	/* W2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

	/* b2: sum each column */
	for (j = 0; j < nC; j++) {
		gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
		double s = 0;
		for (i = 0; i < N; i++)
			s += gsl_vector_get(&col.vector, i);
		gsl_vector_set(g->db2, j, s);
	}

	/* back to hidden layer */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 1.0, g->dp1);

	for (i = 0; i < N; i++)
		for (j = 0; j < nH; j++)
			gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ?
				       gsl_matrix_get(g->dp1, i, j) : 0.0);

	/* W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

	/* b1 */
	for (j = 0; j < nH; j++) {
		gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
		double s = 0;
		for (i = 0; i < N; i++)
			s += gsl_vector_get(&col.vector, i);
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
