/*
 * Backward pass of the 2-layer net.
 *
 * Softmax part, per sample (chain rule written out):
 *   M(a,b) = dL/dp_a * dp_a/dz_b
 *   dL/dz  = dL/dp times the Jacobian, i.e. M summed up
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t C = net->C;
	size_t i, a, b;
	gsl_matrix *M = gsl_matrix_alloc(C, C);
	gsl_matrix *mask = gsl_matrix_alloc(N, net->H);
	gsl_vector *ones = gsl_vector_alloc(N);

	for (i = 0; i < N; i++)
	{
		for (a = 0; a < C; a++)
		{
			double pa = gsl_matrix_get(cache->prob, i, a);
			double dLdpa = (a == y[i]) ? -1.0 / (pa * N) : 0.0;
			for (b = 0; b < C; b++)
			{
				double pb = gsl_matrix_get(cache->prob, i, b);
				double J = (a == b ? pa : 0.0) - pa * pb;
				gsl_matrix_set(M, a, b, dLdpa * J);
			}
		}
		/* sum M to get dL/dz for this sample */
		for (a = 0; a < C; a++)
		{
			double s = 0.0;
			for (b = 0; b < C; b++)
				s += gsl_matrix_get(M, a, b);
			gsl_matrix_set(g->dz2, i, a, s);
		}
	}

	/* second layer */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
	gsl_vector_set_all(ones, 1.0);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* relu: dz1 = dp1 .* (z1 > 0) */
	for (i = 0; i < N; i++)
		for (a = 0; a < net->H; a++)
			gsl_matrix_set(mask, i, a, gsl_matrix_get(cache->z1, i, a) > 0 ? 1.0 : 0.0);
	gsl_matrix_memcpy(g->dz1, g->dp1);
	gsl_matrix_mul_elements(g->dz1, mask);

	/* first layer */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

	gsl_matrix_free(M);
	gsl_matrix_free(mask);
	gsl_vector_free(ones);
	g->present = BP_GRADS_ALL;
	return 0;
}
