/* Assignment 2 - Backpropagation
 * backward() for the two-layer net, nested loops */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* delta2 */
	for (i = 0; i < N; i++)
	{
		for (k = 0; k < C; k++)
		{
			double t = (y[i] == k) ? 1.0 : 0.0;
			gsl_matrix_set(g->dz2, i, k, (gsl_matrix_get(cache->prob, i, k) - t) / N);
		}
	}

	/* dW2 */
	for (j = 0; j < H; j++)
	{
		for (k = 0; k < C; k++)
		{
			double s = 2 * reg * gsl_matrix_get(net->W2, j, k);
			for (i = 0; i < N; i++)
				s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
			gsl_matrix_set(g->dW2, j, k, s);
		}
	}

	/* db2 */
	for (k = 0; k < C; k++)
	{
		double s = 0;
		for (i = 0; i < C; i++)
			s += gsl_matrix_get(g->dz2, k, i);
		gsl_vector_set(g->db2, k, s);
	}

	/* dp1 */
	for (i = 0; i < N; i++)
	{
		for (j = 0; j < H; j++)
		{
			double s = 0;
			for (k = 0; k < C; k++)
				s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, s);
		}
	}

	/* delta1 = dp1 * relu'(z1) */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

	/* dW1 */
	for (k = 0; k < D; k++)
	{
		for (j = 0; j < H; j++)
		{
			double s = 2 * reg * gsl_matrix_get(net->W1, k, j);
			for (i = 0; i < N; i++)
				s += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
			gsl_matrix_set(g->dW1, k, j, s);
		}
	}

	/* db1 */
	for (j = 0; j < H; j++)
	{
		double s = 0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
