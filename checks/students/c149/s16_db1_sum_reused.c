/* backward.c: two layer net backprop, hw 3
 * own arrays (double **), loops, gsl_*_set for the results.
 * each gradient is copied into g as soon as it is done. */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static double **new_mat(size_t r, size_t c)
{
	double **m = malloc(r * sizeof(*m));
	for (size_t i = 0; i < r; i++)
		m[i] = calloc(c, sizeof(**m));
	return m;
}

static double **dup_mat(const gsl_matrix *a)
{
	double **m = new_mat(a->size1, a->size2);
	for (size_t i = 0; i < a->size1; i++)
		for (size_t j = 0; j < a->size2; j++)
			m[i][j] = gsl_matrix_get(a, i, j);
	return m;
}

static void free_mat(double **m, size_t r)
{
	for (size_t i = 0; i < r; i++)
		free(m[i]);
	free(m);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	double **x = dup_mat(X), **w1 = dup_mat(net->W1), **w2 = dup_mat(net->W2);
	double **z1 = dup_mat(cache->z1), **p1 = dup_mat(cache->p1);
	double **dz2 = dup_mat(cache->prob), **tmp = new_mat(N, H);
	double *sum = calloc(H > C ? H : C, sizeof(double));  /* column sums */
	double s;

	/* dz2 */
	for (i = 0; i < N; i++) {
		dz2[i][y[i]] -= 1.0;
		for (k = 0; k < C; k++) {
			dz2[i][k] /= N;
			gsl_matrix_set(g->dz2, i, k, dz2[i][k]);
		}
	}

	/* dW2 */
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++) {
			s = 2 * reg * w2[j][k];
			for (i = 0; i < N; i++)
				s += p1[i][j] * dz2[i][k];
			gsl_matrix_set(g->dW2, j, k, s);
		}

	/* db2 */
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			sum[k] += dz2[i][k];
	for (k = 0; k < C; k++)
		gsl_vector_set(g->db2, k, sum[k]);

	/* dp1 into tmp */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			s = 0;
			for (k = 0; k < C; k++)
				s += dz2[i][k] * w2[j][k];
			tmp[i][j] = s;
			gsl_matrix_set(g->dp1, i, j, s);
		}

	/* dz1 = dp1 * (z1 > 0), tmp becomes dz1 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			if (z1[i][j] <= 0)
				tmp[i][j] = 0;
			gsl_matrix_set(g->dz1, i, j, tmp[i][j]);
		}

	/* dW1 */
	for (k = 0; k < D; k++)
		for (j = 0; j < H; j++) {
			s = 2 * reg * w1[k][j];
			for (i = 0; i < N; i++)
				s += x[i][k] * tmp[i][j];
			gsl_matrix_set(g->dW1, k, j, s);
		}

	/* db1, same as db2 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			sum[j] += tmp[i][j];
	for (j = 0; j < H; j++)
		gsl_vector_set(g->db1, j, sum[j]);

	free_mat(x, N); free_mat(w1, D); free_mat(w2, H); free_mat(z1, N);
	free_mat(p1, N); free_mat(dz2, N); free_mat(tmp, N);
	free(sum);
	g->present = BP_GRADS_ALL;
	return 0;
}
