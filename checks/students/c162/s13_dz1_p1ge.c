/* NN Assignment 3 : backward.c
 * Name: Ananya Ghosh   Roll: 2021UEE1473
 *
 * Derivatives (from lecture 9):
 *   dL/dz2 = (P - Y)/N
 *   dL/dW2 = A1^T dz2 + 2 lambda W2,  dL/db2 = sum_rows(dz2)
 *   dL/dA1 = dz2 W2^T
 *   dL/dz1 = dL/dA1 * f'(z1),  f' = 1 where the relu output is non negative
 *   dL/dW1 = X^T dz1 + 2 lambda W1,   dL/db1 = sum_rows(dz1)
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double dot_col(const gsl_matrix *A, size_t ca, const gsl_matrix *B, size_t cb)
{
	/* sum over rows r of A(r,ca) * B(r,cb) */
	double s = 0.0;
	size_t r;
	for (r = 0; r < A->size1; r++)
		s += gsl_matrix_get(A, r, ca) * gsl_matrix_get(B, r, cb);
	return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t r, c, t;
	double s;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	/* dz2 = (P - Y)/N */
	for (r = 0; r < N; r++)
		for (c = 0; c < C; c++)
			gsl_matrix_set(g->dz2, r, c, (gsl_matrix_get(cache->prob, r, c) - (c == y[r] ? 1 : 0)) / N);

	/* dW2, db2 */
	for (r = 0; r < H; r++)
		for (c = 0; c < C; c++)
			gsl_matrix_set(g->dW2, r, c, dot_col(cache->p1, r, g->dz2, c) + 2 * reg * gsl_matrix_get(net->W2, r, c));
	for (c = 0; c < C; c++) {
		s = 0.0;
		for (r = 0; r < N; r++)
			s += gsl_matrix_get(g->dz2, r, c);
		gsl_vector_set(g->db2, c, s);
	}

	/* dA1 */
	for (r = 0; r < N; r++)
		for (c = 0; c < H; c++) {
			s = 0.0;
			for (t = 0; t < C; t++)
				s += gsl_matrix_get(g->dz2, r, t) * gsl_matrix_get(net->W2, c, t);
			gsl_matrix_set(g->dp1, r, c, s);
		}

	/* dz1 = dA1 * f'(z1) */
	for (r = 0; r < N; r++)
		for (c = 0; c < H; c++) {
			if (gsl_matrix_get(cache->p1, r, c) >= 0)
				gsl_matrix_set(g->dz1, r, c, gsl_matrix_get(g->dp1, r, c));
			else
				gsl_matrix_set(g->dz1, r, c, 0.0);
		}

	/* dW1, db1 */
	for (r = 0; r < D; r++)
		for (c = 0; c < H; c++)
			gsl_matrix_set(g->dW1, r, c, dot_col(X, r, g->dz1, c) + 2 * reg * gsl_matrix_get(net->W1, r, c));
	for (c = 0; c < H; c++) {
		s = 0.0;
		for (r = 0; r < N; r++)
			s += gsl_matrix_get(g->dz1, r, c);
		gsl_vector_set(g->db1, c, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
