/* backward.c -- two-layer net
 * Chen Yu
 * I take a row pointer for each sample (gsl_matrix_ptr(M, i, 0)) and walk
 * the row; rows are contiguous in GSL. */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* ---- output layer ---- */
	for (size_t i = 0; i < N; i++) {
		const double *prow = gsl_matrix_const_ptr(cache->prob, i, 0);
		double *drow = gsl_matrix_ptr(g->dz2, i, 0);
		for (size_t c = 0; c < C; c++)
			drow[c] = (prow[c] - (c == y[i])) / (double)N;
	}

	gsl_vector_set_zero(g->db2);
	for (size_t h = 0; h < H; h++) {
		const double *w = gsl_matrix_const_ptr(net->W2, h, 0);
		double *dw = gsl_matrix_ptr(g->dW2, h, 0);
		for (size_t c = 0; c < C; c++)
			dw[c] = 2.0 * reg * w[c];
	}
	for (size_t i = 0; i < N; i++) {
		const double *a = gsl_matrix_const_ptr(cache->p1, i, 0);
		const double *d = gsl_matrix_const_ptr(g->dz2, i, 0);
		for (size_t c = 0; c < C; c++) {
			*gsl_vector_ptr(g->db2, c) += d[c];
			for (size_t h = 0; h < H; h++)
				*gsl_matrix_ptr(g->dW2, h, c) += a[h] * d[c];
		}
	}

	/* ---- hidden layer ---- */
	for (size_t i = 0; i < N; i++) {
		const double *d = gsl_matrix_const_ptr(g->dz2, i, 0);
		const double *z = gsl_matrix_const_ptr(cache->z1, i, 0);
		double *dp = gsl_matrix_ptr(g->dp1, i, 0);
		double *dz = gsl_matrix_ptr(g->dz1, i, 0);
		for (size_t h = 0; h < H; h++) {
			const double *w = gsl_matrix_const_ptr(net->W2, h, 0);
			double s = 0.0;
			for (size_t c = 0; c < C; c++)
				s += d[c] * w[c];
			dp[h] = s;
			dz[h] = z[h] > 0.0 ? s : 0.0;
		}
	}

	/* ---- input layer ---- */
	gsl_vector_set_zero(g->db1);
	for (size_t k = 0; k < D; k++) {
		const double *w = gsl_matrix_const_ptr(net->W1, k, 0);
		double *dw = gsl_matrix_ptr(g->dW1, k, 0);
		for (size_t h = 0; h < H; h++)
			dw[h] = 2.0 * reg * w[h];
	}
	for (size_t i = 0; i < N; i++) {
		const double *x = gsl_matrix_const_ptr(X, i, 0);
		const double *dz = gsl_matrix_const_ptr(g->dz1, i, 0);
		const double *dp = gsl_matrix_const_ptr(g->dp1, i, 0);
		for (size_t h = 0; h < H; h++) {
			*gsl_vector_ptr(g->db1, h) += dp[h];
			for (size_t k = 0; k < D; k++)
				*gsl_matrix_ptr(g->dW1, k, h) += x[k] * dz[h];
		}
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
