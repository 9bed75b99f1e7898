/* backward.c
 * Homework 6 -- backprop for the 2 layer network.
 */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void column_sums(const gsl_matrix *A, gsl_vector *out)
{
	for (size_t c = 0; c < A->size2; c++)
	{
		gsl_vector_const_view col = gsl_matrix_const_column(A, c);
		gsl_vector_set(out, c, gsl_vector_sum(&col.vector));
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t H = net->H;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* scores gradient */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (size_t i = 0; i < N; i++)
		*gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
	gsl_matrix_scale(g->dz2, 1.0 / (double)N);

	/* second layer */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
	gsl_matrix *tmp2 = gsl_matrix_alloc(net->W2->size1, net->W2->size2);
	gsl_matrix_memcpy(tmp2, net->W2);
	gsl_matrix_scale(tmp2, 2.0 * reg);
	gsl_matrix_add(g->dW2, tmp2);
	gsl_matrix_free(tmp2);

	column_sums(g->dz2, g->db2);

	/* back into the hidden layer */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, g->dW2, 0.0, g->dp1);

	for (size_t i = 0; i < N; i++)
		for (size_t h = 0; h < H; h++)
		{
			double v = 0.0;
			if (gsl_matrix_get(cache->z1, i, h) > 0.0)
				v = gsl_matrix_get(g->dp1, i, h);
			gsl_matrix_set(g->dz1, i, h, v);
		}

	/* first layer */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
	gsl_matrix *tmp1 = gsl_matrix_alloc(net->W1->size1, net->W1->size2);
	gsl_matrix_memcpy(tmp1, net->W1);
	gsl_matrix_scale(tmp1, 2.0 * reg);
	gsl_matrix_add(g->dW1, tmp1);
	gsl_matrix_free(tmp1);

	column_sums(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
