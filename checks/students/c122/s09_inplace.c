/*
 * HW5 backward pass -- Daniel Kim
 *
 * dz2 -> (dW2, db2) -> dp1 -> relu -> dz1 -> (dW1, db1)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t H = net->H, C = net->C;
	size_t i, j;
	double s;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* softmax loss gradient */
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++) {
			s = gsl_matrix_get(cache->prob, i, j);
			if (j == y[i])
				s = s - 1;
			gsl_matrix_set(g->dz2, i, j, s / N);
		}
	}

	/* second layer weights and bias */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
	for (i = 0; i < H; i++)
		for (j = 0; j < C; j++)
			gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
			               + 2 * reg * gsl_matrix_get(net->W2, i, j));
	for (j = 0; j < C; j++) {
		s = 0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, s);
	}

	/* into the hidden layer */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* relu: kill the gradient where the neuron was off, then that is dz1 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0)
				gsl_matrix_set(g->dp1, i, j, 0.0);
	gsl_matrix_memcpy(g->dz1, g->dp1);

	/* first layer weights and bias */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
	for (i = 0; i < net->D; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
			               + 2 * reg * gsl_matrix_get(net->W1, i, j));
	for (j = 0; j < H; j++) {
		s = 0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
