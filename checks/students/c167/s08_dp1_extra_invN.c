/* backward.c -- hand-derived gradients of the two-layer net.
 *
 *   dz2 = (P - Y)/N           dW2 = p1^T dz2 + 2 reg W2     db2 = 1^T dz2
 *   dp1 = dz2 W2^T            dz1 = dp1 * (z1 > 0)
 *   dW1 = X^T dz1 + 2 reg W1  db1 = 1^T dz1
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H;
	size_t i, j;
	gsl_vector *one;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	one = gsl_vector_alloc(N);
	if (one == NULL)
		return 1;
	gsl_vector_set_all(one, 1.0);

	/* dz2 */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
	gsl_matrix_scale(g->dz2, 1.0 / (double)N);

	/* dW2, db2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
	               2.0 * reg, g->dW2);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

	/* dp1 (mean over the batch) */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0 / (double)N, g->dz2, net->W2,
	               0.0, g->dp1);

	/* dz1 */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			if (gsl_matrix_get(cache->z1, i, j) > 0.0)
				gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
			else
				gsl_matrix_set(g->dz1, i, j, 0.0);
		}
	}

	/* dW1, db1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

	gsl_vector_free(one);
	g->present = BP_GRADS_ALL;
	return 0;
}
