/* backward.c -- HW3
 * Mostly loops; BLAS only for the two weight gradients.
 */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	double dz2[N][C];
	double dp1[N][H];
	double dz1[N][H];
	double row[H];		/* one row of dp1 at a time */

	gsl_matrix_view v_dz2 = gsl_matrix_view_array(&dz2[0][0], N, C);
	gsl_matrix_view v_dp1 = gsl_matrix_view_array(&dp1[0][0], N, H);
	gsl_matrix_view v_dz1 = gsl_matrix_view_array(&dz1[0][0], N, H);

	/* scores */
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			dz2[i][k] = (gsl_matrix_get(cache->prob, i, k)
				     - (k == y[i] ? 1.0 : 0.0)) / (double)N;
	gsl_matrix_memcpy(g->dz2, &v_dz2.matrix);

	/* W2 and b2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1,
		       &v_dz2.matrix, 2.0 * reg, g->dW2);
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			g->db2->data[k * g->db2->stride] += dz2[i][k];

	/* dp1, row by row: row = sum_k dz2[i][k] * W2[:, k] */
	memset(row, 0, sizeof row);
	for (i = 0; i < N; i++) {
		for (k = 0; k < C; k++)
			for (j = 0; j < H; j++)
				row[j] += dz2[i][k] * gsl_matrix_get(net->W2, j, k);
		for (j = 0; j < H; j++)
			dp1[i][j] = row[j];
	}
	gsl_matrix_memcpy(g->dp1, &v_dp1.matrix);

	/* relu */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			dz1[i][j] = gsl_matrix_get(cache->z1, i, j) > 0 ? dp1[i][j] : 0;
	gsl_matrix_memcpy(g->dz1, &v_dz1.matrix);

	/* W1 and b1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &v_dz1.matrix,
		       2.0 * reg, g->dW1);
	for (j = 0; j < H; j++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += dz1[i][j];
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
