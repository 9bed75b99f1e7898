/* Assignment 2 - backprop by hand
 * uses cblas through gsl (gsl_blas_dgemm), the flags do the transposes
 * so I never have to build X^T myself.
 * reg is added at the very end in its own loop
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t n, a, b;
	double invN;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;
	invN = 1.0 / (double) N;

	/* scores gradient */
	gsl_matrix_memcpy (g->dz2, cache->prob);
	for (n = 0; n < N; n++)
		gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
	gsl_matrix_scale (g->dz2, invN);

	/* second layer: dW2 = p1' * dz2 */
	gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

	/* db2 = ones' * dz2, as a dgemv with dz2 transposed */
	{
		gsl_vector *ones = gsl_vector_alloc (N);
		gsl_vector_set_all (ones, 1.0);
		gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
		gsl_vector_free (ones);
	}

	/* back into the hidden layer */
	gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* relu */
	for (n = 0; n < N; n++)
		for (b = 0; b < net->H; b++)
			gsl_matrix_set (g->dz1, n, b,
			                gsl_matrix_get (cache->z1, n, b) > 0 ? gsl_matrix_get (g->dp1, n, b) : 0.0);

	/* first layer */
	gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
	{
		gsl_vector *ones = gsl_vector_alloc (N);
		gsl_vector_set_all (ones, 1.0);
		gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
		gsl_vector_free (ones);
	}

	/* regularisation, d/dW of reg*|W|^2 = 2*reg*W */
	for (a = 0; a < net->D; a++)
		for (b = 0; b < net->H; b++)
			gsl_matrix_set (g->dW1, a, b, gsl_matrix_get (g->dW1, a, b) + 2 * reg * gsl_matrix_get (net->W1, a, b));
	for (a = 0; a < net->H; a++)
		for (b = 0; b < net->C; b++)
			gsl_matrix_set (g->dW2, a, b, gsl_matrix_get (g->dW2, a, b) + 2 * reg * gsl_matrix_get (net->W2, a, b));

	/* printf ("dW1[0][0] = %g\n", gsl_matrix_get (g->dW1, 0, 0)); */
	g->present = BP_GRADS_ALL;
	return 0;
}
