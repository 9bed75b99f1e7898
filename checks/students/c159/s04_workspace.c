/* backward.c
 *
 * One workspace for everything, cut in three:
 *     tmp  = work            N x C   (dz2)
 *     tmp2 = tmp + N*C       N x H   (dp1 / dz1)
 *     tmp3 = tmp2 + N*H      max(H, C)   (bias sums)
 * The big products go through gsl views of the pieces.
 */

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define IDX(i, j, ld) ((i) * (ld) + (j))

/* out[j] = sum_i a[i][j], a is n x m packed */
static void sum_rows(const double *a, size_t n, size_t m, double *out)
{
	size_t i, j;
	memset(out, 0, m * sizeof(double));
	for (i = 0; i < n; i++)
		for (j = 0; j < m; j++)
			out[j] += a[IDX(i, j, m)];
}

static void copy_into(gsl_matrix *dst, const double *src, size_t n, size_t m)
{
	gsl_matrix_const_view v = gsl_matrix_const_view_array(src, n, m);
	gsl_matrix_memcpy(dst, &v.matrix);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j, k;
	double *work, *tmp, *tmp2, *tmp3;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	work = malloc((N * C + N * H + (H > C ? H : C)) * sizeof(double));
	if (!work)
		return 1;
	tmp = work;
	tmp2 = tmp + N * C;
	tmp3 = tmp2 + N * H;

	gsl_matrix_view T = gsl_matrix_view_array(tmp, N, C);
	gsl_matrix_view T2 = gsl_matrix_view_array(tmp2, N, H);

	/* dz2 */
	for (i = 0; i < N; i++) {
		for (k = 0; k < C; k++)
			tmp[IDX(i, k, C)] = gsl_matrix_get(cache->prob, i, k) / N;
		tmp[IDX(i, y[i], C)] -= 1.0 / N;
	}
	copy_into(g->dz2, tmp, N, C);

	/* dW2 = p1' dz2 + 2 reg W2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &T.matrix,
		       2 * reg, g->dW2);

	/* db2 */
	sum_rows(tmp, N, C, tmp3);
	for (k = 0; k < C; k++)
		gsl_vector_set(g->db2, k, tmp3[k]);

	/* dp1 = dz2 W2' */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &T.matrix, net->W2, 0.0,
		       &T2.matrix);
	copy_into(g->dp1, tmp2, N, H);

	/* dz1 = dp1 where z1 > 0 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) <= 0)
				tmp2[IDX(i, j, H)] = 0.0;
	copy_into(g->dz1, tmp2, N, H);

	/* dW1 = X' dz1 + 2 reg W1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &T2.matrix, 2 * reg,
		       g->dW1);

	/* db1 */
	sum_rows(tmp2, N, H, tmp3);
	for (j = 0; j < H; j++)
		gsl_vector_set(g->db1, j, tmp3[j]);

	free(work);
	g->present = BP_GRADS_ALL;
	return 0;
}
