/* HW3 -- backward()
 * Octave habit: examples are columns.  dZ2t (C x N), dA1t / dZ1t (H x N),
 * Xt (D x N).  All products by dgemm on the transposed temporaries, then
 * gsl_matrix_transpose_memcpy into g.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t m = X->size1;               /* number of examples */
	size_t D = net->D, H = net->H, C = net->C;
	size_t i, j;
	gsl_matrix *Xt, *p1t, *dZ2t, *dA1t, *dZ1t, *dW2t, *dW1t;
	gsl_vector *ones;

	if (m != cache->N || g->N != m)
		return 1;

	Xt   = gsl_matrix_alloc(D, m);
	p1t  = gsl_matrix_alloc(H, m);
	dZ2t = gsl_matrix_alloc(C, m);
	dA1t = gsl_matrix_alloc(H, m);
	dZ1t = gsl_matrix_alloc(H, m);
	dW2t = gsl_matrix_alloc(C, H);
	dW1t = gsl_matrix_alloc(H, D);
	ones = gsl_vector_alloc(m);
	gsl_vector_set_all(ones, 1.0);

	gsl_matrix_transpose_memcpy(Xt, X);
	gsl_matrix_transpose_memcpy(p1t, cache->p1);

	/* dZ2 = A2 - Y, over m */
	gsl_matrix_transpose_memcpy(dZ2t, cache->prob);
	for (i = 0; i < m; i++)
		gsl_matrix_set(dZ2t, y[i], i, gsl_matrix_get(dZ2t, y[i], i) - 1.0);
	gsl_matrix_scale(dZ2t, 1.0 / (double) m);

	/* dW2 = dZ2 * A1' + 2*lambda*W2 */
	gsl_matrix_transpose_memcpy(dW2t, net->W2);
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ2t, p1t, 2.0 * reg, dW2t);
	/* db2 = sum(dZ2, 2) */
	gsl_blas_dgemv(CblasNoTrans, 1.0, dZ2t, ones, 0.0, g->db2);

	/* dA1 = W2 * dZ2 */
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, net->W2, dZ2t, 0.0, dA1t);

	/* dZ1 = dA1 .* g'(Z1), g' = 1 where positive */
	for (j = 0; j < H; j++)
		for (i = 0; i < m; i++) {
			double d = gsl_matrix_get(dA1t, j, i);
			gsl_matrix_set(dZ1t, j, i, d > 0.0 ? d : 0.0);
		}

	/* dW1 = dZ1 * X' + 2*lambda*W1 */
	gsl_matrix_transpose_memcpy(dW1t, net->W1);
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ1t, Xt, 2.0 * reg, dW1t);
	gsl_blas_dgemv(CblasNoTrans, 1.0, dZ1t, ones, 0.0, g->db1);

	gsl_matrix_transpose_memcpy(g->dz2, dZ2t);
	gsl_matrix_transpose_memcpy(g->dW2, dW2t);
	gsl_matrix_transpose_memcpy(g->dp1, dA1t);
	gsl_matrix_transpose_memcpy(g->dz1, dZ1t);
	gsl_matrix_transpose_memcpy(g->dW1, dW1t);

	gsl_matrix_free(Xt);
	gsl_matrix_free(p1t);
	gsl_matrix_free(dZ2t);
	gsl_matrix_free(dA1t);
	gsl_matrix_free(dZ1t);
	gsl_matrix_free(dW2t);
	gsl_matrix_free(dW1t);
	gsl_vector_free(ones);
	g->present = BP_GRADS_ALL;
	return 0;
}
