/* backward.c
 * ML3 - assignment 2 - backward pass of the two layer network
 *
 * hidden = relu(X W1 + b1), scores = hidden W2 + b2
 */

#include "backprop/net.h"
#include "backprop/grads.h"

static double dot_row_row(const gsl_matrix *A, size_t i, const gsl_matrix *B, size_t j)
{
	/* sum_k A[i][k] * B[j][k] */
	double s = 0.0;
	size_t k;
	for (k = 0; k < A->size2; k++)
		s += gsl_matrix_get(A, i, k) * gsl_matrix_get(B, j, k);
	return s;
}

static double dot_col_col(const gsl_matrix *A, size_t i, const gsl_matrix *B, size_t j)
{
	/* sum_n A[n][i] * B[n][j] */
	double s = 0.0;
	size_t n;
	for (n = 0; n < A->size1; n++)
		s += gsl_matrix_get(A, n, i) * gsl_matrix_get(B, n, j);
	return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j;
	const gsl_matrix *hidden = cache->p1;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			gsl_matrix_set(g->dz2, i, j,
			               (gsl_matrix_get(cache->prob, i, j) - (j == y[i])) / N);

	for (i = 0; i < H; i++)
		for (j = 0; j < C; j++)
			gsl_matrix_set(g->dW2, i, j, dot_col_col(hidden, i, g->dz2, j)
			               + 2 * reg * gsl_matrix_get(net->W2, i, j));

	for (j = 0; j < C; j++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, s);
	}

	/* dhidden = dscores W2^T, and relu: pass the gradient where hidden is active */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double dh = dot_row_row(g->dz2, i, net->W2, j);
			gsl_matrix_set(g->dp1, i, j, dh);
			if (gsl_matrix_get(hidden, i, j) >= 0)
				gsl_matrix_set(g->dz1, i, j, dh);
			else
				gsl_matrix_set(g->dz1, i, j, 0);
		}

	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dW1, i, j, dot_col_col(X, i, g->dz1, j)
			               + 2 * reg * gsl_matrix_get(net->W1, i, j));

	for (j = 0; j < H; j++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
