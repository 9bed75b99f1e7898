/*
 * Two-layer net: backward.
 * sum_{i=1}^{n} over the batch for the biases, X'G for the weights.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, h = net->H, k = net->C, i, j;
	gsl_matrix *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;
	gsl_vector_view r;

	/* G = (P - Y)/n */
	for (i = 0; i < n; i++)
		for (j = 0; j < k; j++)
			gsl_matrix_set(G, i, j, (gsl_matrix_get(cache->prob, i, j) - (double)(y[i] == j)) / n);

	/* W2, b2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, cache->p1, G, 2*reg, g->dW2);
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < n; i++) {
		r = gsl_matrix_row(G, i);
		gsl_vector_add(g->db2, &r.vector);
	}

	/* Gh = G W2' */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, G, net->W2, 0, Gh);

	/* Gz = Gh [Z1 > 0] */
	gsl_matrix_memcpy(Gz, Gh);
	for (i = 0; i < n; i++)
		for (j = 0; j < h; j++)
			if (!(gsl_matrix_get(cache->z1, i, j) > 0))
				gsl_matrix_set(Gz, i, j, 0);

	/* W1, b1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, X, Gz, 2*reg, g->dW1);
	gsl_vector_set_zero(g->db1);
	for (i = 1; i < n; i++) {
		r = gsl_matrix_row(Gz, i);
		gsl_vector_add(g->db1, &r.vector);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
