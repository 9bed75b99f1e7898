/* two layer net -- backward
 *
 *   tmp   prob - Y           (N x C)
 *   tmp2  tmp / N = dz2      (N x C)
 *   tmp3  dp1, then dz1      (N x H)
 *   ones  for column sums    (N)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;
	gsl_matrix *tmp, *tmp2, *tmp3;
	gsl_vector *ones;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	tmp = gsl_matrix_alloc(N, C);
	tmp2 = gsl_matrix_alloc(N, C);
	tmp3 = gsl_matrix_alloc(N, H);
	ones = gsl_vector_alloc(N);
	gsl_vector_set_all(ones, 1.0);

	/* dscores */
	gsl_matrix_memcpy(tmp, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(tmp, i, y[i], gsl_matrix_get(tmp, i, y[i]) - 1);
	gsl_matrix_memcpy(tmp2, tmp);
	gsl_matrix_scale(tmp2, 1.0 / N);
	gsl_matrix_memcpy(g->dz2, tmp2);

	/* dW2, db2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, tmp2,
	               2 * reg, g->dW2);
	gsl_blas_dgemv(CblasTrans, 1.0, tmp2, ones, 0.0, g->db2);

	/* dhidden = dscores W2^T */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, tmp, net->W2, 0.0, tmp3);
	gsl_matrix_memcpy(g->dp1, tmp3);

	/* through the relu */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0)
				gsl_matrix_set(tmp3, i, j, 0);
	gsl_matrix_memcpy(g->dz1, tmp3);

	/* dW1, db1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, tmp3, 2 * reg, g->dW1);
	gsl_blas_dgemv(CblasTrans, 1.0, tmp3, ones, 0.0, g->db1);

	gsl_matrix_free(tmp);
	gsl_matrix_free(tmp2);
	gsl_matrix_free(tmp3);
	gsl_vector_free(ones);
	g->present = BP_GRADS_ALL;
	return 0;
}
