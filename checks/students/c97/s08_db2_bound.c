#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* backward pass -- lab 3
 * dz2, then the W2/b2 grads, then back to the hidden layer, then W1/b1 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;
	double acc;
	double *row;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* dz2 */
	for (i = 0; i < N; i++) {
		row = gsl_matrix_ptr(g->dz2, i, 0);
		for (j = 0; j < C; j++)
			row[j] = gsl_matrix_get(cache->prob, i, j) / N;
		row[y[i]] -= 1.0 / N;
	}
#ifdef DEBUG
	for (i = 0; i < C; i++)
		printf("dz2 col %zu: %f\n", i, gsl_matrix_get(g->dz2, 0, i));
#endif

	/* dW2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

	/* db2 = sum over samples */
	for (j = 0; j < C; j++) {
		acc = 0.0;
		for (i = 0; i < C; i++)
			acc += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, acc);
	}
#if 0
	for (j = 0; j < C; j++) {
		gsl_vector_const_view c = gsl_matrix_const_column(g->dz2, j);
		gsl_vector_set(g->db2, j, gsl_vector_sum(&c.vector));
	}
#endif

	/* dp1 */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* dz1 */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			acc = gsl_matrix_get(g->dp1, i, j);
			gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? acc : 0);
		}
	}

	/* dW1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
	//printf("dW1 %f\n", gsl_matrix_get(g->dW1, 0, 0));

	/* db1 */
	for (j = 0; j < H; j++) {
		acc = 0.0;
		for (i = 0; i < N; i++)
			acc += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, acc);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
