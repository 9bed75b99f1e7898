/* Report 3: backward pass
 * Ito Daiki  (ID 25B-0312)
 *
 * regularisation term first: gW = 2*reg*W  (memcpy + scale),
 * then the data term is added on top with dgemm.
 */
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;

	if (cache->N != N || g->N != N)
		return 1;

	/* dS */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
	gsl_matrix_scale(g->dz2, 1.0 / (double)N);

	/* gW2 = 2 reg W2, += H^T dS */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_matrix_scale(g->dW2, 2.0 * reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

	/* gb2 */
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			*gsl_vector_ptr(g->db2, j) += gsl_matrix_get(g->dz2, i, j);

	/* dH */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* dA */
	gsl_matrix_memcpy(g->dz1, g->dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				gsl_matrix_set(g->dz1, i, j, 0.0);

	/* gW1 = 2 reg W1, += X^T dA */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_matrix_scale(g->dW1, 2.0 * reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

	/* gb1 */
	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			*gsl_vector_ptr(g->db1, j) += gsl_matrix_get(g->dz1, i, j);

	g->present = BP_GRADS_ALL;
	return 0;
}
