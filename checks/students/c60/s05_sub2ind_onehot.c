/* backward.c - two layer net, backward pass
 * raw data loops (data[i*tda + j]), BLAS for the products */

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
	gsl_matrix *Y, *dZ2, *dZ1;
	double *a, *b, *m;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* one-hot labels, N x C */
	Y = gsl_matrix_calloc(N, C);
	for (i = 0; i < N; i++)
		Y->data[i + N * y[i]] = 1.0;	/* Y(i, y(i)) = 1 */

	/* dZ2 = (P - Y) / N */
	dZ2 = gsl_matrix_alloc(N, C);
	for (j = 0; j < C; j++)
		for (i = 0; i < N; i++) {
			a = &dZ2->data[i * dZ2->tda + j];
			*a = (cache->prob->data[i * cache->prob->tda + j]
			      - Y->data[i * Y->tda + j]) / (double) N;
		}
	gsl_matrix_memcpy(g->dz2, dZ2);

	/* dW2 = A1' dZ2 + 2 reg W2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dZ2,
		       2.0 * reg, g->dW2);

	/* db2 = sum(dZ2, 1) */
	for (j = 0; j < C; j++) {
		b = &g->db2->data[j * g->db2->stride];
		*b = 0.0;
		for (i = 0; i < N; i++)
			*b += dZ2->data[i * dZ2->tda + j];
	}

	/* dA1 = dZ2 W2' */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ2, net->W2, 0.0, g->dp1);

	/* dZ1 = dA1 .* (Z1 > 0) */
	dZ1 = gsl_matrix_alloc(N, H);
	for (j = 0; j < H; j++)
		for (i = 0; i < N; i++) {
			m = &cache->z1->data[i * cache->z1->tda + j];
			dZ1->data[i * dZ1->tda + j] = *m > 0.0
			    ? g->dp1->data[i * g->dp1->tda + j] : 0.0;
		}
	gsl_matrix_memcpy(g->dz1, dZ1);

	/* dW1 = X' dZ1 + 2 reg W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dZ1, 2.0 * reg, g->dW1);

	/* db1 = sum(dZ1, 1) */
	for (j = 0; j < H; j++) {
		b = &g->db1->data[j * g->db1->stride];
		*b = 0.0;
		for (i = 0; i < N; i++)
			*b += dZ1->data[i * dZ1->tda + j];
	}

	gsl_matrix_free(Y);
	gsl_matrix_free(dZ2);
	gsl_matrix_free(dZ1);
	g->present = BP_GRADS_ALL;
	return 0;
}
