/* Backward pass of the two-layer net.
 * Names as in my MATLAB code: dZ2, dW2, db2, dA1, dZ1, dW1, db1;
 * transposes are temporaries with a t at the end. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j;
	gsl_matrix *dZ2, *A1t, *dW2, *W2t, *dA1, *dZ1, *Xt, *dW1;
	gsl_vector *ones;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	dZ2 = gsl_matrix_alloc(N, C);
	A1t = gsl_matrix_alloc(H, N);
	dW2 = gsl_matrix_alloc(H, C);
	W2t = gsl_matrix_alloc(C, H);
	dA1 = gsl_matrix_alloc(N, H);
	dZ1 = gsl_matrix_alloc(N, H);
	Xt  = gsl_matrix_alloc(D, N);
	dW1 = gsl_matrix_alloc(D, H);
	ones = gsl_vector_alloc(N);
	gsl_vector_set_all(ones, 1.0);

	/* dZ2 = (P - Y) / N */
	gsl_matrix_memcpy(dZ2, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(dZ2, i, y[i], gsl_matrix_get(dZ2, i, y[i]) - 1.0);
	gsl_matrix_scale(dZ2, 1.0 / (double)N);
	gsl_matrix_memcpy(g->dz2, dZ2);

	/* dW2 = A1' * dZ2 + 2*reg*W2 */
	gsl_matrix_transpose_memcpy(A1t, cache->p1);
	gsl_matrix_memcpy(dW2, net->W2);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A1t, dZ2, 2.0 * reg, dW2);
	gsl_matrix_memcpy(g->dW2, dW2);

	/* db2 = sum(dZ2, 1) */
	gsl_blas_dgemv(CblasTrans, 1.0, dZ2, ones, 0.0, g->db2);

	/* dA1 = dZ2 * W2' */
	gsl_matrix_transpose_memcpy(W2t, dW2);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dZ2, W2t, 0.0, dA1);
	gsl_matrix_memcpy(g->dp1, dA1);

	/* dZ1 = dA1 .* (Z1 > 0) */
	for (j = 0; j < H; j++)
		for (i = 0; i < N; i++)
			gsl_matrix_set(dZ1, i, j,
			    gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(dA1, i, j) : 0.0);
	gsl_matrix_memcpy(g->dz1, dZ1);

	/* dW1 = X' * dZ1 + 2*reg*W1 */
	gsl_matrix_transpose_memcpy(Xt, X);
	gsl_matrix_memcpy(dW1, net->W1);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, Xt, dZ1, 2.0 * reg, dW1);
	gsl_matrix_memcpy(g->dW1, dW1);

	/* db1 = sum(dZ1, 1) */
	gsl_blas_dgemv(CblasTrans, 1.0, dZ1, ones, 0.0, g->db1);

	gsl_matrix_free(dZ2);
	gsl_matrix_free(A1t);
	gsl_matrix_free(dW2);
	gsl_matrix_free(W2t);
	gsl_matrix_free(dA1);
	gsl_matrix_free(dZ1);
	gsl_matrix_free(Xt);
	gsl_matrix_free(dW1);
	gsl_vector_free(ones);

	g->present = BP_GRADS_ALL;
	return 0;
}
