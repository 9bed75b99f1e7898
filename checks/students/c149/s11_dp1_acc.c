/* backward pass -- hw 3
 * local VLAs for everything, math like on the board, results copied to g */
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	double x[N][D], w1[D][H], w2[H][C], z1[N][H], p1[N][H];
	double dz2[N][C], dw2[H][C], db2[C], dp1[N][H], dz1[N][H], dw1[D][H], db1[H];

	for (i = 0; i < N; i++)
		for (j = 0; j < D; j++)
			x[i][j] = gsl_matrix_get(X, i, j);
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++)
			w1[i][j] = gsl_matrix_get(net->W1, i, j);
	for (i = 0; i < H; i++)
		for (j = 0; j < C; j++)
			w2[i][j] = gsl_matrix_get(net->W2, i, j);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			z1[i][j] = gsl_matrix_get(cache->z1, i, j);
			p1[i][j] = gsl_matrix_get(cache->p1, i, j);
		}

	/* dz2 */
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			dz2[i][j] = (gsl_matrix_get(cache->prob, i, j) - (j == y[i])) / (double)N;

	/* dw2, db2 */
	memset(db2, 0, sizeof(db2));
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++) {
			double s = 0;
			for (i = 0; i < N; i++)
				s += p1[i][j] * dz2[i][k];
			dw2[j][k] = s + 2 * reg * w2[j][k];
		}
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			db2[k] += dz2[i][k];

	/* dp1 = dz2 . w2^T */
	for (i = 0; i < N; i++) {
		double acc = 0;
		for (j = 0; j < H; j++) {
			for (k = 0; k < C; k++)
				acc += dz2[i][k] * w2[j][k];
			dp1[i][j] = acc;
		}
	}

	/* dz1: relu */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			dz1[i][j] = z1[i][j] > 0 ? dp1[i][j] : 0;

	/* dw1, db1 */
	memset(db1, 0, sizeof(db1));
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++) {
			double s = 0;
			for (k = 0; k < N; k++)
				s += x[k][i] * dz1[k][j];
			dw1[i][j] = s + 2 * reg * w1[i][j];
		}
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			db1[j] += dz1[i][j];

	/* write back */
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++)
			gsl_matrix_set(g->dz2, i, j, dz2[i][j]);
		for (j = 0; j < H; j++) {
			gsl_matrix_set(g->dp1, i, j, dp1[i][j]);
			gsl_matrix_set(g->dz1, i, j, dz1[i][j]);
		}
	}
	for (i = 0; i < H; i++)
		for (j = 0; j < C; j++)
			gsl_matrix_set(g->dW2, i, j, dw2[i][j]);
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dW1, i, j, dw1[i][j]);
	for (j = 0; j < C; j++)
		gsl_vector_set(g->db2, j, db2[j]);
	for (j = 0; j < H; j++)
		gsl_vector_set(g->db1, j, db1[j]);

	g->present = BP_GRADS_ALL;
	return 0;
}
