/* Two-layer net: backward.  (in-place where possible, no temporaries) */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, H = net->H;
	const gsl_matrix *Z1 = cache->z1;
	gsl_matrix *G = g->dp1;
	gsl_vector *one;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;
	one = gsl_vector_alloc(N);
	gsl_vector_set_all(one, 1.0);

	/* top: dz2 = (P - Y)/N */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++)
		g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0;
	gsl_matrix_scale(g->dz2, 1.0 / N);

	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
	               2.0 * reg, g->dW2);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

	/* dp1 = dz2 W2^T, relu gate applied in place, then copied to dz1 */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, G);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (Z1->data[i * Z1->tda + j] <= 0.0)
				G->data[i * G->tda + j] = 0.0;
	gsl_matrix_memcpy(g->dz1, G);

	/* bottom */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
	gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

	gsl_vector_free(one);
	g->present = BP_GRADS_ALL;
	return 0;
}
