// backward pass, 2 layer net
// v2: switched the matrix products to dgemm (the loops are kept under #if 0
// in case I need to print single entries again)

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

//#define DEBUG 1

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	// dz2 = prob, minus one at the label, over N
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++) {
		double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
		*p -= 1.0;
	}
	gsl_matrix_scale(g->dz2, 1.0 / (double)N);

	// dW2 = p1' dz2 + 2 reg W2   (W2 copied in first, beta does the reg)
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
		       2.0 * reg, g->dW2);
#if 0
	for (j = 0; j < net->H; j++)
		for (k = 0; k < net->C; k++) {
			double acc = 0;
			for (i = 0; i < N; i++)
				acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
			gsl_matrix_set(g->dW2, j, k, acc + 2 * reg * gsl_matrix_get(net->W2, j, k));
		}
#endif

	// db2: column sums of dz2
	for (j = 0; j < net->C; j++) {
		gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
		gsl_vector_set(g->db2, j, gsl_vector_sum(&col.vector));
	}

	// dp1 = dz2 W2'
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	// dz1 = dp1 where z1 > 0, else 0 (copy then kill the dead ones in place)
	gsl_matrix_memcpy(g->dz1, g->dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < net->H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				gsl_matrix_set(g->dz1, i, j, 0.0);
#ifdef DEBUG
	printf("dz1 row 0:");
	for (j = 0; j < net->H; j++)
		printf(" %8.4f", gsl_matrix_get(g->dz1, 0, j));
	printf("\n");
#endif

	// dW1 = X' dz1 + 2 reg W1
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

	// db1
	for (j = 0; j < net->H; j++) {
		gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
		gsl_vector_set(g->db1, j, gsl_vector_sum(&col.vector));
	}
	//printf("db1 sum %f\n", gsl_vector_sum(g->db1));

	g->present = BP_GRADS_ALL;
	return 0;
}
