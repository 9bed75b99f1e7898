/*
 * backward.c  -  assignment 2 backprop
 *
 * I index the gsl data arrays directly (row i starts at data + i*tda),
 * it's a lot less typing than gsl_matrix_get everywhere.
 * The bias gradients are vector views so they go through ->stride.
 */

#include "backprop.h"

#define M(A, r, c)  ((A)->data[(r) * (A)->tda + (c)])
#define V(v, k)     ((v)->data[(k) * (v)->stride])

/* out = A^T B, A is (n x a), B is (n x b), out is (a x b) */
static void tmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
	size_t r, c, n;
	for (r = 0; r < A->size2; r++)
		for (c = 0; c < B->size2; c++) {
			double acc = 0;
			for (n = 0; n < A->size1; n++)
				acc += M(A, n, r) * M(B, n, c);
			M(out, r, c) = acc;
		}
}

/* column sums of A into v */
static void colsum(const gsl_matrix *A, gsl_vector *v)
{
	size_t r, c;
	for (c = 0; c < A->size2; c++) {
		double acc = 0;
		for (r = 0; r < A->size1; r++)
			acc += M(A, r, c);
		V(v, c) = acc;
	}
}

/* W gradient gets + 2*reg*W since the loss has reg*||W||^2 (no 1/2) */
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
	size_t r, c;
	for (r = 0; r < W->size1; r++)
		for (c = 0; c < W->size2; c++)
			M(dW, r, c) += 2 * reg * M(W, r, c);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, i, j;

	if (n != cache->N || X->size2 != net->D || g->N != n)
		return 1;

	/* dz2 */
	for (i = 0; i < n; i++)
		for (j = 0; j < net->C; j++)
			M(g->dz2, i, j) = (M(cache->prob, i, j) - (j == y[i])) / n;

	/* layer 2 */
	tmul(cache->p1, g->dz2, g->dW2);
	add_reg(g->dW2, net->W2, reg);
	colsum(g->dz2, g->db2);

	/* dp1[i][h] = sum_c dz2[i][c] * W2[h][c] */
	for (i = 0; i < n; i++)
		for (j = 0; j < net->H; j++) {
			double acc = 0;
			size_t c;
			for (c = 0; c < net->C; c++)
				acc += M(g->dz2, i, c) * M(net->W2, j, c);
			M(g->dp1, i, j) = acc;
		}

	/* relu */
	for (i = 0; i < n; i++)
		for (j = 0; j < net->H; j++)
			M(g->dz1, i, j) = M(cache->z1, i, j) > 0 ? M(g->dp1, i, j) : 0.0;

	/* layer 1 */
	tmul(X, g->dz1, g->dW1);
	add_reg(g->dW1, net->W1, reg);
	colsum(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
