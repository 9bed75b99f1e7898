/* Backward pass -- coursework 2.
 * I index the GSL arrays directly through ->data and ->tda because the
 * get/set functions were slow in the profiling lab.  ELEM(m,i,j) is the
 * (i,j) entry of a row-major gsl_matrix.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define ELEM(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VEC(v, i) ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* out (rows x cols) = A^T B, where A is (n x rows) and B is (n x cols) */
static void at_b(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
	size_t r, c, s;
	for (r = 0; r < out->size1; r++)
		for (c = 0; c < out->size2; c++) {
			double acc = 0;
			for (s = 0; s < A->size1; s++)
				acc += ELEM(A, s, r) * ELEM(B, s, c);
			ELEM(out, r, c) = acc;
		}
}

/* adds the derivative of reg*|W|^2 */
static void add_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
	size_t r, c;
	for (r = 0; r < W->size1; r++)
		for (c = 0; c < W->size2; c++)
			ELEM(dW, r, c) += 2 * reg * ELEM(W, r, c);
}

static void sum_rows(const gsl_matrix *A, gsl_vector *v)
{
	size_t r, c;
	for (c = 0; c < A->size2; c++) {
		double acc = 0;
		for (r = 0; r < A->size1; r++)
			acc += ELEM(A, r, c);
		VEC(v, c) = acc;
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j, k;
	const gsl_matrix *W2 = net->W2;

	/* softmax + cross entropy together */
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			ELEM(g->dz2, i, k) = (ELEM(cache->prob, i, k) - (k == y[i])) / N;

	at_b(cache->p1, g->dz2, g->dW2);
	add_l2(g->dW2, W2, reg);
	sum_rows(g->dz2, g->db2);

	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double acc = 0;
			for (k = 0; k < C; k++)
				acc += ELEM(g->dz2, i, k) * ELEM(W2, j, k);
			ELEM(g->dp1, i, j) = acc;
			/* relu backward in the same loop */
			ELEM(g->dz1, i, j) = ELEM(cache->z1, i, j) > 0 ? acc : 0;
		}

	at_b(X, g->dz1, g->dW1);
	add_l2(g->dW1, net->W1, reg);
	sum_rows(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
