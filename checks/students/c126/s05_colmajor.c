/* Backward pass, two layer net.
   I index the data arrays directly (faster than gsl_matrix_get),
   everything else with BLAS. */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* Y: N x C, a single 1 per sample at its label */
	gsl_matrix *Y = gsl_matrix_calloc(N, C);
	for (i = 0; i < N; i++)
		Y->data[y[i] * N + i] = 1.0;

	/* M: N x H, 1 where the unit was active */
	gsl_matrix *M = gsl_matrix_calloc(N, H);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (cache->z1->data[i * cache->z1->tda + j] > 0)
				M->data[i * M->tda + j] = 1.0;

	gsl_vector *ones = gsl_vector_alloc(N);
	gsl_vector_set_all(ones, 1.0);

	/* dz2 = (prob - Y) / N */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	gsl_matrix_sub(g->dz2, Y);
	gsl_matrix_scale(g->dz2, 1.0 / N);

	/* dW2 = p1^T dz2 + 2 reg W2 */
	gsl_matrix *RW2 = gsl_matrix_alloc(H, C);
	gsl_matrix_memcpy(RW2, net->W2);
	gsl_matrix_scale(RW2, 2 * reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
	gsl_matrix_add(g->dW2, RW2);

	/* db2 */
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

	/* dp1 = dz2 W2^T */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* dz1 */
	gsl_matrix_memcpy(g->dz1, g->dp1);
	gsl_matrix_mul_elements(g->dz1, M);

	/* dW1 = X^T dz1 + 2 reg W1 */
	gsl_matrix *RW1 = gsl_matrix_alloc(net->D, H);
	gsl_matrix_memcpy(RW1, net->W1);
	gsl_matrix_scale(RW1, 2 * reg);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
	gsl_matrix_add(g->dW1, RW1);

	/* db1 */
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

	gsl_matrix_free(Y);
	gsl_matrix_free(M);
	gsl_matrix_free(RW2);
	gsl_matrix_free(RW1);
	gsl_vector_free(ones);
	g->present = BP_GRADS_ALL;
	return 0;
}
