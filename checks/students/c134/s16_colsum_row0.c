/* backward.c
 * Backward pass of the two-layer network (homework 5).
 * Rows through gsl_matrix_const_row views where it reads easier, raw
 * pointers everywhere else.
 */
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* b = sum of the rows of A.  Starts from row 0 and adds the rest. */
static void colsum(const gsl_matrix *A, gsl_vector *b)
{
	size_t i, j;
	const double *row;

	for (j = 0; j < A->size2; j++)
		b->data[j * b->stride] = A->data[j];
	for (i = 0, row = A->data; i < A->size1; i++, row += A->tda)
		for (j = 0; j < A->size2; j++)
			b->data[j * b->stride] += row[j];
}

/* G = A^T B + 2 reg W */
static void atb_reg(const gsl_matrix *A, const gsl_matrix *B,
		    const gsl_matrix *W, double reg, gsl_matrix *G)
{
	size_t r, c, i;

	for (r = 0; r < G->size1; r++) {
		double *gr = G->data + r * G->tda;
		const double *wr = W->data + r * W->tda;
		for (c = 0; c < G->size2; c++) {
			double s = 0.0;
			for (i = 0; i < A->size1; i++)
				s += A->data[i * A->tda + r] * B->data[i * B->tda + c];
			gr[c] = s + 2.0 * reg * wr[c];
		}
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C, i, j, k;

	if (N != cache->N || g->N != N || X->size2 != net->D)
		return 1;

	/* dz2 */
	for (i = 0; i < N; i++) {
		gsl_vector_const_view pr = gsl_matrix_const_row(cache->prob, i);
		double *d = g->dz2->data + i * g->dz2->tda;
		for (k = 0; k < C; k++)
			d[k] = gsl_vector_get(&pr.vector, k) / (double)N;
		d[y[i]] -= 1.0 / (double)N;
	}
	atb_reg(cache->p1, g->dz2, net->W2, reg, g->dW2);
	colsum(g->dz2, g->db2);

	/* dp1, dz1 */
	for (i = 0; i < N; i++) {
		gsl_vector_const_view zr = gsl_matrix_const_row(cache->z1, i);
		const double *d = g->dz2->data + i * g->dz2->tda;
		double *dp = g->dp1->data + i * g->dp1->tda;
		double *dz = g->dz1->data + i * g->dz1->tda;
		for (j = 0; j < H; j++) {
			const double *w = net->W2->data + j * net->W2->tda;
			double s = 0.0;
			for (k = 0; k < C; k++)
				s += d[k] * w[k];
			dp[j] = s;
			dz[j] = gsl_vector_get(&zr.vector, j) > 0.0 ? s : 0.0;
		}
	}
	atb_reg(X, g->dz1, net->W1, reg, g->dW1);
	colsum(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
