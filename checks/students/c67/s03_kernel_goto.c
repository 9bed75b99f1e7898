/*
 * backward.c - backward pass of the 2-layer net
 *
 * All products through BLAS into scratch matrices, then copied into g.
 * Every allocation is checked; on failure we unwind through the labels
 * at the bottom and return -1.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	gsl_matrix *delta2, *delta1, *wgrad2, *wgrad1;
	gsl_vector *ones;
	size_t N = X->size1, i, j;
	int ret = -1;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	delta2 = gsl_matrix_alloc(N, net->C);
	if (!delta2)
		goto out;
	delta1 = gsl_matrix_alloc(N, net->H);
	if (!delta1)
		goto out_delta2;
	wgrad2 = gsl_matrix_alloc(net->H, net->C);
	if (!wgrad2)
		goto out_delta1;
	wgrad1 = gsl_matrix_alloc(net->D, net->H);
	if (!wgrad1)
		goto out_wgrad2;
	ones = gsl_vector_alloc(N);
	if (!ones)
		goto out_wgrad1;
	gsl_vector_set_all(ones, 1.0);

	/* softmax/xent: (P - Y) / N */
	gsl_matrix_memcpy(delta2, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(delta2, i, y[i], gsl_matrix_get(delta2, i, y[i]) - 1.0);
	gsl_matrix_scale(delta2, 1.0 / (double)N);
	gsl_matrix_memcpy(g->dz2, delta2);

	/* W2: p1^T delta2 + 2 reg W2 (beta folds the decay in) */
	gsl_matrix_memcpy(wgrad2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, delta2,
		       2.0 * reg, wgrad2);
	gsl_matrix_memcpy(g->dW2, wgrad2);
	gsl_blas_dgemv(CblasTrans, 1.0, delta2, ones, 0.0, g->db2);

	/* hidden: delta2 W2^T, stored, then gated by the relu in place */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta2, net->W2, 0.0,
		       delta1);
	gsl_matrix_memcpy(g->dp1, delta1);
	for (i = 0; i < N; i++)
		for (j = 0; j < net->H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				gsl_matrix_set(delta1, i, j, 0.0);
	gsl_matrix_memcpy(g->dz1, delta1);

	/* W1 */
	gsl_matrix_memcpy(wgrad1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, delta1, 2.0 * reg,
		       wgrad1);
	gsl_matrix_memcpy(g->dW1, wgrad1);
	gsl_blas_dgemv(CblasTrans, 1.0, delta1, ones, 0.0, g->db1);

	g->present = BP_GRADS_ALL;
	ret = 0;

	gsl_vector_free(ones);
out_wgrad1:
	gsl_matrix_free(wgrad1);
out_wgrad2:
	gsl_matrix_free(wgrad2);
out_delta1:
	gsl_matrix_free(delta1);
out_delta2:
	gsl_matrix_free(delta2);
out:
	return ret;
}
