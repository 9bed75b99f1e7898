/*
 * backward.c -- HW 3, backward pass
 *
 * db2 and db1 are summed inside the loops that already walk over the
 * rows, saves a pass over the matrices.
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;
	double val;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* dz2 and db2 in one go */
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++) {
			val = gsl_matrix_get(cache->prob, i, j);
			if (j == y[i])
				val -= 1.0;
			val /= (double)N;
			gsl_matrix_set(g->dz2, i, j, val);
			gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + val);
		}
	}

	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
	               2.0 * reg, g->dW2);

	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
#ifdef DEBUG
	printf("dp1 row 0:");
	for (j = 0; j < H; j++)
		printf(" %g", gsl_matrix_get(g->dp1, 0, j));
	printf("\n");
#endif

	/* dz1 (relu) and db1 = column sums of dz1 in one go */
	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			val = gsl_matrix_get(g->dp1, i, j);
			gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + val);
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				val = 0.0;
			gsl_matrix_set(g->dz1, i, j, val);
			//printf("i=%zu j=%zu z1=%f dz1=%f\n", i, j, gsl_matrix_get(cache->z1, i, j), val);
		}
	}

	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
#ifdef DEBUG
	printf("db1[0] = %g, dW1[0][0] = %g\n", gsl_vector_get(g->db1, 0),
	       gsl_matrix_get(g->dW1, 0, 0));
#endif

	g->present = BP_GRADS_ALL;
	return 0;
}
