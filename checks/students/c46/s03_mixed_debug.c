/*
 * backward.c  -  two layer net, backward pass
 * Deep Learning Foundations, assignment 3
 *
 * Mix of loops (for the small stuff) and BLAS for the products.
 * I do dW1 right after dz1 because that is how I derived it on paper.
 */
#include <stdio.h>
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
	      double reg, const bp_cache *cache, bp_grads *g);

/* for debugging */
static void print_mat(const char *name, const gsl_matrix *m)
{
	size_t r, c;
	printf("%s (%zu x %zu)\n", name, m->size1, m->size2);
	for (r = 0; r < m->size1; r++)
	{
		for (c = 0; c < m->size2; c++)
			printf(" %9.5f", gsl_matrix_get(m, r, c));
		printf("\n");
	}
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
	  double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t H = net->H, C = net->C;
	size_t i, j;
	double invN;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	invN = 1.0 / (double) N;

	/* dz2 */
	for (i = 0; i < N; i++)
	{
		for (j = 0; j < C; j++)
		{
			double t = (j == y[i]) ? 1.0 : 0.0;
			gsl_matrix_set(g->dz2, i, j,
				       (gsl_matrix_get(cache->prob, i, j) - t) * invN);
		}
	}

	/* dp1 = dz2 * W2' */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
		       0.0, g->dp1);

	/* dz1: relu passes the gradient only where z1 was positive */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) > 0)
				gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
			else
				gsl_matrix_set(g->dz1, i, j, 0.0);

	/* dW1 = X' * dz1 + 2*reg*W1   (beta trick: start from W1) */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
		       2.0 * reg, g->dW1);

	/* db1 */
	for (j = 0; j < H; j++)
	{
		double acc = 0;
		for (i = 0; i < N; i++)
			acc += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, acc);
	}

	/* second layer */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
		       2.0 * reg, g->dW2);

	for (j = 0; j < C; j++)
	{
		double acc = 0;
		for (i = 0; i < N; i++)
			acc += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, acc);
	}

	/* print_mat("dz2", g->dz2); */
	g->present = BP_GRADS_ALL;
	return 0;
}
