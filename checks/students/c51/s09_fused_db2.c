/*
 * backward.c -- lab 3, backward pass of the two-layer net
 *
 * Fused passes: dz2 with db2, dp1 with the ReLU gate, dz1 with db1.
 * Matrix products through CBLAS (row-major, leading dims from tda).
 */

#include <string.h>
#include <gsl/gsl_cblas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* dW = A' B + two_reg W, A is n x p, B is n x q */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *B,
			const gsl_matrix *W, double two_reg, gsl_matrix *dW)
{
	size_t r;

	for (r = 0; r < W->size1; r++)
		memcpy(dW->data + r * dW->tda, W->data + r * W->tda,
		       W->size2 * sizeof(double));
	cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans,
		    (int)A->size2, (int)B->size2, (int)A->size1,
		    1.0, A->data, (int)A->tda, B->data, (int)B->tda,
		    two_reg, dW->data, (int)dW->tda);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	const double inv_n = 1.0 / (double)N;
	const double two_reg = 2.0 * reg;
	double *restrict db2 = g->db2->data;
	double *restrict db1 = g->db1->data;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* dz2 and db2 in one pass */
	memset(db2, 0, C * sizeof(double));
	for (i = 0; i < N; i++) {
		const double *restrict p = cache->prob->data + i * cache->prob->tda;
		double *restrict d = g->dz2->data + i * g->dz2->tda;
		for (k = 0; k < C; k++) {
			d[k] = p[k] * inv_n;
			db2[k] += d[k];
		}
		d[y[i]] -= inv_n;
	}

	weight_grad(cache->p1, g->dz2, net->W2, two_reg, g->dW2);

	/* dp1 = dz2 W2' */
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
		    (int)N, (int)H, (int)C, 1.0,
		    g->dz2->data, (int)g->dz2->tda,
		    net->W2->data, (int)net->W2->tda,
		    0.0, g->dp1->data, (int)g->dp1->tda);

	/* dz1 and db1 in one pass */
	memset(db1, 0, H * sizeof(double));
	for (i = 0; i < N; i++) {
		const double *restrict z = cache->z1->data + i * cache->z1->tda;
		const double *restrict dp = g->dp1->data + i * g->dp1->tda;
		double *restrict dz = g->dz1->data + i * g->dz1->tda;
		for (j = 0; j < H; j++) {
			dz[j] = z[j] > 0.0 ? dp[j] : 0.0;
			db1[j] += dz[j];
		}
	}

	weight_grad(X, g->dz1, net->W1, two_reg, g->dW1);

	g->present = BP_GRADS_ALL;
	return 0;
}
