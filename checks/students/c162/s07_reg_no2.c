/*
 * Lab 6: backprop for the 2 layer net in C (GSL)
 * Submitted by: Priya Nair, 3rd year ECE, batch B2
 *
 * Loss = data loss + regularisation loss
 * Regularisation loss = 0.5 * reg * sum(W^2), so its gradient is reg * W
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* adds the gradient of the regularisation loss to dW */
void add_reg_grad(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
	size_t i, j;
	for (i = 0; i < W->size1; i++)
		for (j = 0; j < W->size2; j++)
			gsl_matrix_set(dW, i, j, gsl_matrix_get(dW, i, j) + reg * gsl_matrix_get(W, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;
	double s;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* gradient of cross entropy loss wrt scores */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = 0; i < N; i++)
	{
		double v = gsl_matrix_get(g->dz2, i, y[i]);
		gsl_matrix_set(g->dz2, i, y[i], v - 1);
	}
	gsl_matrix_scale(g->dz2, 1.0 / N);

	/* W2 and b2 */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
	add_reg_grad(g->dW2, net->W2, reg);

	for (j = 0; j < C; j++)
	{
		s = 0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, s);
	}

	/* hidden layer */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	for (i = 0; i < N; i++)
	{
		for (j = 0; j < H; j++)
		{
			if (gsl_matrix_get(cache->z1, i, j) > 0)
				gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
			else
				gsl_matrix_set(g->dz1, i, j, 0.0);
		}
	}

	/* W1 and b1 */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
	add_reg_grad(g->dW1, net->W1, reg);

	for (j = 0; j < H; j++)
	{
		s = 0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
