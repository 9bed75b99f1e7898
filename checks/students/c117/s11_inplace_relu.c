/*
 * backward.c - hand-derived backward pass for the 2-layer net.
 *
 * Error handling: ret holds the last GSL status; on failure we unwind
 * through the out_* labels, each freeing what was allocated before it.
 */
#include <assert.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	gsl_matrix *delta;	/* prob - onehot, before the 1/N */
	gsl_vector *ones;
	size_t n = X->size1, i, j;
	int ret;

	if (n != cache->N || n != g->N || X->size2 != net->D)
		return GSL_EBADLEN;
	assert(g->dp1->size2 == net->H && g->dz2->size2 == net->C);

	delta = gsl_matrix_alloc(n, net->C);
	if (!delta)
		return GSL_ENOMEM;
	ones = gsl_vector_alloc(n);
	if (!ones) {
		ret = GSL_ENOMEM;
		goto out_delta;
	}
	gsl_vector_set_all(ones, 1.0);

	ret = gsl_matrix_memcpy(delta, cache->prob);
	if (ret)
		goto out_ones;
	for (i = 0; i < n; i++) {
		if (y[i] >= net->C) {
			ret = GSL_EINVAL;
			goto out_ones;
		}
		gsl_matrix_set(delta, i, y[i], gsl_matrix_get(delta, i, y[i]) - 1.0);
	}
	/* dz2 = delta / n */
	ret = gsl_matrix_memcpy(g->dz2, delta);
	if (ret)
		goto out_ones;
	ret = gsl_matrix_scale(g->dz2, 1.0 / (double)n);
	if (ret)
		goto out_ones;

	/* dW2 = p1' dz2 + 2 reg W2,  db2 = dz2' 1 */
	ret = gsl_matrix_memcpy(g->dW2, net->W2);
	if (ret)
		goto out_ones;
	ret = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
			     2.0 * reg, g->dW2);
	if (ret)
		goto out_ones;
	ret = gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
	if (ret)
		goto out_ones;

	/* dp1 = dz2 W2' */
	ret = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
			     0.0, g->dp1);
	if (ret)
		goto out_ones;

	/* relu backward, in place: zero where z1 <= 0, then that is dz1 */
	for (i = 0; i < n; i++)
		for (j = 0; j < net->H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				gsl_matrix_set(g->dp1, i, j, 0.0);
	ret = gsl_matrix_memcpy(g->dz1, g->dp1);
	if (ret)
		goto out_ones;

	/* dW1 = X' dz1 + 2 reg W1,  db1 = dz1' 1 */
	ret = gsl_matrix_memcpy(g->dW1, net->W1);
	if (ret)
		goto out_ones;
	ret = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
			     2.0 * reg, g->dW1);
	if (ret)
		goto out_ones;
	ret = gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
	if (ret)
		goto out_ones;

	g->present = BP_GRADS_ALL;
out_ones:
	gsl_vector_free(ones);
out_delta:
	gsl_matrix_free(delta);
	return ret;
}
