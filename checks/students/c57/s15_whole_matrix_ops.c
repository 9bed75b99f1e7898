/*
 * backward.c -- assignment 6, backward pass of the 2-layer net.
 *
 * "Vectorised" version: only whole-matrix GSL/BLAS operations, no element
 * loops except to build the one-hot matrix.  The AI assistant suggested
 * gsl_blas_dgemm for the products; its example call was
 *     gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 1.0, C);
 * i.e.  C = alpha * A^T B + beta * C.
 */

#include <stddef.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
	      double reg, const bp_cache *cache, bp_grads *g);

/* scratch matrices, allocated per call */
struct scratch
{
	gsl_matrix *onehot;	/* N x C */
	gsl_matrix *mask;	/* N x H, 1 where z1 > 0 */
	gsl_matrix *l2W2;	/* H x C, 2 reg W2 */
	gsl_matrix *l2W1;	/* D x H, 2 reg W1 */
	gsl_vector *ones;	/* N */
};

static void
scratch_free (struct scratch *s)
{
	if (!s)
		return;
	gsl_matrix_free (s->onehot);
	gsl_matrix_free (s->mask);
	gsl_matrix_free (s->l2W2);
	gsl_matrix_free (s->l2W1);
	gsl_vector_free (s->ones);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
	  double reg, const bp_cache *cache, bp_grads *g)
{
	struct scratch s = { NULL, NULL, NULL, NULL, NULL };
	size_t N, i, j;

	if (!net || !X || !y || !cache || !g)
		return 1;
	N = X->size1;
	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	s.onehot = gsl_matrix_calloc (N, net->C);
	s.mask = gsl_matrix_calloc (N, net->H);
	s.l2W2 = gsl_matrix_alloc (net->H, net->C);
	s.l2W1 = gsl_matrix_alloc (net->D, net->H);
	s.ones = gsl_vector_alloc (N);
	if (!s.onehot || !s.mask || !s.l2W2 || !s.l2W1 || !s.ones)
	{
		scratch_free (&s);
		return 1;
	}
	gsl_vector_set_all (s.ones, 1.0);
	for (i = 0; i < N; i++)
		gsl_matrix_set (s.onehot, i, y[i], 1.0);
	for (i = 0; i < N; i++)
		for (j = 0; j < net->H; j++)
			if (gsl_matrix_get (cache->z1, i, j) > 0.0)
				gsl_matrix_set (s.mask, i, j, 1.0);
	gsl_matrix_memcpy (s.l2W2, net->W2);
	gsl_matrix_scale (s.l2W2, 2.0 * reg);
	gsl_matrix_memcpy (s.l2W1, net->W1);
	gsl_matrix_scale (s.l2W1, 2.0 * reg);

	/* dz2 = (P - Y) / N */
	gsl_matrix_memcpy (g->dz2, cache->prob);
	gsl_matrix_sub (g->dz2, s.onehot);
	gsl_matrix_scale (g->dz2, 1.0 / (double) N);

	/* dW2 = p1^T dz2 + 2 reg W2 */
	gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
	gsl_matrix_add (g->dW2, s.l2W2);

	/* db2 = dz2^T 1 */
	gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, s.ones, 0.0, g->db2);

	/* dp1 = dz2 W2^T */
	gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* dz1 = dp1 .* mask */
	gsl_matrix_memcpy (g->dz1, g->dp1);
	gsl_matrix_mul_elements (g->dz1, s.mask);

	/* dW1 = X^T dz1 + 2 reg W1 */
	gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
	gsl_matrix_add (g->dW1, s.l2W1);

	/* db1 = dz1^T 1 */
	gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, s.ones, 0.0, g->db1);

	scratch_free (&s);
	g->present = BP_GRADS_ALL;
	return 0;
}
