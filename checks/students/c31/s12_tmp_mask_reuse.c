/* backward.c -- backprop for the two layer net (hw 3)
 * uses one scratch matrix tmp (N x H) for the hidden layer stuff
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t i, j;
	double temp;
	gsl_matrix *tmp;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	tmp = gsl_matrix_alloc(N, net->H);

	/* 1 dz2 */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++)
		gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(cache->prob, i, y[i]) - 1.0);
	gsl_matrix_scale(g->dz2, 1.0 / N);

	/* 2 dW2 */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
	for (i = 0; i < net->H; i++)
		for (j = 0; j < net->C; j++)
			gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2.0 * reg * gsl_matrix_get(net->W2, i, j));

	/* 3 db2 */
	for (j = 0; j < net->C; j++) {
		temp = 0;
		for (i = 0; i < N; i++)
			temp += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, temp);
	}

	/* 4 dp1 (into tmp first, then copy) */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, tmp);
	gsl_matrix_memcpy(g->dp1, tmp);

	/* 5 dz1 = dp1 * relu'(z1), relu' goes in tmp */
	for (i = 0; i < N; i++)
		for (j = 0; j < net->H; j++)
			if (gsl_matrix_get(cache->z1, i, j) > 0) gsl_matrix_set(tmp, i, j, 1.0);
	gsl_matrix_memcpy(g->dz1, g->dp1);
	gsl_matrix_mul_elements(g->dz1, tmp);
	//gsl_matrix_fprintf(stdout, tmp, "%g");

	/* 6 dW1 */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
	for (i = 0; i < net->D; i++)
		for (j = 0; j < net->H; j++)
			gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2.0 * reg * gsl_matrix_get(net->W1, i, j));

	/* 7 db1 */
	for (j = 0; j < net->H; j++) {
		temp = 0;
		for (i = 0; i < N; i++)
			temp += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, temp);
	}

	gsl_matrix_free(tmp);
	g->present = BP_GRADS_ALL;
	return 0;
}
