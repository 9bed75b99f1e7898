/*
 * backward.c
 * Two-layer net, backward pass -- written for lab 5.
 * Loops only (I did not get BLAS to link on my laptop).
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void grad_dz2(gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y)
{
	size_t N = prob->size1;
	for (size_t n = 0; n < N; n++)
	{
		for (size_t c = 0; c < prob->size2; c++)
		{
			double d = gsl_matrix_get(prob, n, c) - (c == y[n] ? 1.0 : 0.0);
			gsl_matrix_set(dz2, n, c, d / N);
		}
	}
}

static void grad_dW2(gsl_matrix *dW2, const gsl_matrix *p1, const gsl_matrix *dz2,
                     const gsl_matrix *W2, double reg)
{
	for (size_t h = 0; h < dW2->size1; h++)
	{
		for (size_t c = 0; c < dW2->size2; c++)
		{
			double sum = 0;
			for (size_t n = 0; n < p1->size1; n++)
				sum += gsl_matrix_get(p1, n, h) * gsl_matrix_get(dz2, n, c);
			gsl_matrix_set(dW2, h, c, sum + 2 * reg * gsl_matrix_get(W2, h, c));
		}
	}
}

/* db2[c] = sum over the samples of dz2[n][c] */
static void grad_db2(gsl_vector *db2, const gsl_matrix *dz2)
{
	gsl_vector_set_zero(db2);
	for (size_t n = 0; n < dz2->size2; n++)
		for (size_t c = 0; c < dz2->size2; c++)
			gsl_vector_set(db2, c, gsl_vector_get(db2, c) + gsl_matrix_get(dz2, n, c));
}

static void grad_dp1(gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
	for (size_t n = 0; n < dp1->size1; n++)
	{
		for (size_t h = 0; h < dp1->size2; h++)
		{
			double sum = 0;
			for (size_t c = 0; c < dz2->size2; c++)
				sum += gsl_matrix_get(dz2, n, c) * gsl_matrix_get(W2, h, c);
			gsl_matrix_set(dp1, n, h, sum);
		}
	}
}

static void grad_dz1(gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1)
{
	for (size_t n = 0; n < dz1->size1; n++)
		for (size_t h = 0; h < dz1->size2; h++)
			gsl_matrix_set(dz1, n, h, gsl_matrix_get(z1, n, h) > 0 ? gsl_matrix_get(dp1, n, h) : 0);
}

static void grad_dW1(gsl_matrix *dW1, const gsl_matrix *X, const gsl_matrix *dz1,
                     const gsl_matrix *W1, double reg)
{
	for (size_t d = 0; d < dW1->size1; d++)
	{
		for (size_t h = 0; h < dW1->size2; h++)
		{
			double sum = 0;
			for (size_t n = 0; n < X->size1; n++)
				sum += gsl_matrix_get(X, n, d) * gsl_matrix_get(dz1, n, h);
			gsl_matrix_set(dW1, d, h, sum + 2 * reg * gsl_matrix_get(W1, d, h));
		}
	}
}

static void grad_db1(gsl_vector *db1, const gsl_matrix *dz1)
{
	gsl_vector_set_zero(db1);
	for (size_t n = 0; n < dz1->size1; n++)
		for (size_t h = 0; h < dz1->size2; h++)
			gsl_vector_set(db1, h, gsl_vector_get(db1, h) + gsl_matrix_get(dz1, n, h));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
		return 1;

	grad_dz2(g->dz2, cache->prob, y);
	grad_dW2(g->dW2, cache->p1, g->dz2, net->W2, reg);
	grad_db2(g->db2, g->dz2);
	grad_dp1(g->dp1, g->dz2, net->W2);
	grad_dz1(g->dz1, g->dp1, cache->z1);
	grad_dW1(g->dW1, X, g->dz1, net->W1, reg);
	grad_db1(g->db1, g->dz1);

	g->present = BP_GRADS_ALL;
	return 0;
}
