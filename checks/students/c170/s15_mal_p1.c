/* backward.c -- Uebung "Neuronale Netze", Blatt 4
 * Rueckwaertsdurchlauf zeilenweise mit gsl_matrix_ptr */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* fehler_ausgabe: (p - y) / N */
	for (i = 0; i < N; i++) {
		const double *p = gsl_matrix_const_ptr(cache->prob, i, 0);
		double *d = gsl_matrix_ptr(g->dz2, i, 0);
		for (j = 0; j < C; j++)
			d[j] = p[j] / N;
		d[y[i]] -= 1.0 / N;
	}

	/* dW2 und db2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
		gsl_vector_add(g->db2, &r.vector);
	}

	/* dp1 */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	/* relu rueckwaerts: Ableitung von max(0,z) ist max(0,z) fuer z>0 */
	for (i = 0; i < N; i++) {
		const double *dp = gsl_matrix_const_ptr(g->dp1, i, 0);
		const double *a = gsl_matrix_const_ptr(cache->p1, i, 0);
		double *dz = gsl_matrix_ptr(g->dz1, i, 0);
		for (j = 0; j < H; j++)
			dz[j] = dp[j] * a[j];
	}

	/* dW1 und db1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++) {
		gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
		gsl_vector_add(g->db1, &r.vector);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
