/* backward.c - HW3 backprop, two-layer net.
 * Per-sample style: every row of dz2 / dp1 / dz1 is handled as a vector
 * view into a flat scratch buffer (buf_out for N x C, buf_hidden for
 * N x H), calloc'd once and freed on every exit path.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	double *buf_out, *buf_hidden;
	size_t i, j;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;
	buf_out = calloc(N * C, sizeof(double));
	if (!buf_out)
		return 1;
	buf_hidden = calloc(N * H, sizeof(double));
	if (!buf_hidden) {
		free(buf_out);
		return 1;
	}

	/* dz2, row by row */
	for (i = 0; i < N; i++) {
		gsl_vector_const_view prob_row = gsl_matrix_const_row(cache->prob, i);
		gsl_vector_view out_row = gsl_vector_view_array(buf_out + i * C, C);
		gsl_vector_memcpy(&out_row.vector, &prob_row.vector);
		gsl_vector_set(&out_row.vector, y[i], gsl_vector_get(&out_row.vector, y[i]) - 1.0);
		gsl_vector_scale(&out_row.vector, 1.0 / N);
	}
	{
		gsl_matrix_view dz2 = gsl_matrix_view_array(buf_out, N, C);
		gsl_matrix_memcpy(g->dz2, &dz2.matrix);
	}

	/* dW2 = p1^T dz2 + 2 reg W2, db2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++) {
		gsl_vector_view out_row = gsl_vector_view_array(buf_out + i * C, C);
		gsl_vector_add(g->db2, &out_row.vector);
	}

	/* dp1: row i of dp1 = W2 * (row i of dz2) */
	for (i = 0; i < N; i++) {
		gsl_vector_view out_row = gsl_vector_view_array(buf_out + i * C, C);
		gsl_vector_view hid_row = gsl_vector_view_array(buf_hidden + i * C, H);
		gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &out_row.vector, 0.0, &hid_row.vector);
	}
	{
		gsl_matrix_view dp1 = gsl_matrix_view_array(buf_hidden, N, H);
		gsl_matrix_memcpy(g->dp1, &dp1.matrix);
	}

	/* dz1 = dp1 * (z1 > 0) */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0)
				buf_hidden[i * H + j] = 0.0;
	{
		gsl_matrix_view dz1 = gsl_matrix_view_array(buf_hidden, N, H);
		gsl_matrix_memcpy(g->dz1, &dz1.matrix);
	}

	/* dW1 = X^T dz1 + 2 reg W1, db1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++) {
		gsl_vector_view hid_row = gsl_vector_view_array(buf_hidden + i * H, H);
		gsl_vector_add(g->db1, &hid_row.vector);
	}

	free(buf_hidden);
	free(buf_out);
	g->present = BP_GRADS_ALL;
	return 0;
}
