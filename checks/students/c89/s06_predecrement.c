/*  backward.c -- lab 4
 *
 *  pointer-walking version.  p = source, q = dest, both bumped with ++.
 *  dz2 first (its own loop), then dW2/db2 and dp1 read it back.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	double invN = 1.0 / (double)N;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* dz2 = softmax / N, then -1/N at y */
	gsl_matrix_set_zero(g->dz2);
	for (i = 0; i < N; i++) {
		const double *p = cache->prob->data + i * cache->prob->tda;
		double *q = g->dz2->data + i * g->dz2->tda;
		int left = (int)C;

		while (--left > 0)
			*q++ = *p++ * invN;
		g->dz2->data[i * g->dz2->tda + y[i]] -= invN;
	}

	/* dW2 = p1' dz2 + 2 reg W2 (beta trick) */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
		       2.0 * reg, g->dW2);

	/* db2 */
	for (j = 0; j < C; j++) {
		const double *p = g->dz2->data + j;
		double s = 0.0;
		for (i = 0; i < N; i++, p += g->dz2->tda)
			s += *p;
		g->db2->data[j] = s;
	}

	/* dp1 = dz2 W2' */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* dz1 = dp1 * [z1 > 0] */
	for (i = 0; i < N; i++) {
		const double *z = cache->z1->data + i * cache->z1->tda;
		const double *p = g->dp1->data + i * g->dp1->tda;
		double *q = g->dz1->data + i * g->dz1->tda;
		for (j = 0; j < H; j++)
			*q++ = (*z++ > 0.0) ? *p++ : (p++, 0.0);
	}

	/* dW1 = X' dz1 + 2 reg W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

	/* db1 */
	for (j = 0; j < H; j++) {
		const double *p = g->dz1->data + j;
		double s = 0.0;
		for (i = 0; i < N; i++, p += g->dz1->tda)
			s += *p;
		g->db1->data[j] = s;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
