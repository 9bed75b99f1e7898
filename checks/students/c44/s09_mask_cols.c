/* backward.c  -  lab 5
 * Backprop through: softmax-CE -> affine -> relu -> affine
 * (c) Lena M., I used the lecture notes from week 6.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
	size_t rows = X->size1;
	size_t cols = net->C;
	size_t r, c;

	if (rows != cache->N || X->size2 != net->D || g->N != rows)
		return 1;

	/* softmax/CE backward */
	for (r = 0; r < rows; r++)
	{
		for (c = 0; c < cols; c++)
		{
			double t = (c == y[r]) ? 1.0 : 0.0;
			gsl_matrix_set (g->dz2, r, c, (gsl_matrix_get (cache->prob, r, c) - t) / (double) rows);
		}
	}

	/* affine 2 backward */
	gsl_matrix_memcpy (g->dW2, net->W2);
	gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
	gsl_vector_set_zero (g->db2);
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++)
			gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + gsl_matrix_get (g->dz2, r, c));
	gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* relu backward: copy, then kill the entries where the unit was off */
	gsl_matrix_memcpy (g->dz1, g->dp1);
	for (r = 0; r < rows; r++)
	{
		for (c = 0; c < cols; c++)
		{
			if (gsl_matrix_get (cache->z1, r, c) <= 0.0)
				gsl_matrix_set (g->dz1, r, c, 0.0);
		}
	}

	/* affine 1 backward */
	gsl_matrix_memcpy (g->dW1, net->W1);
	gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
	gsl_vector_set_zero (g->db1);
	for (r = 0; r < rows; r++)
		for (c = 0; c < net->H; c++)
			gsl_vector_set (g->db1, c, gsl_vector_get (g->db1, c) + gsl_matrix_get (g->dz1, r, c));

	g->present = BP_GRADS_ALL;
	return 0;
}
