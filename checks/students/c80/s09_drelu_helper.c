/* hw3 backward.c -- Ivan P. */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* derivative of relu */
static double drelu(double x)
{
	return x > 0 ? x : 0;
}

/* C = A^T B + r*W  (everything via get/set) */
static void matTmul_reg(const gsl_matrix *A, const gsl_matrix *B,
			const gsl_matrix *W, double r, gsl_matrix *Cm)
{
	size_t i, j, n;
	for (i = 0; i < Cm->size1; i++)
		for (j = 0; j < Cm->size2; j++) {
			double s = r * gsl_matrix_get(W, i, j);
			for (n = 0; n < A->size1; n++)
				s += gsl_matrix_get(A, n, i) * gsl_matrix_get(B, n, j);
			gsl_matrix_set(Cm, i, j, s);
		}
}

static void colsum(const gsl_matrix *A, gsl_vector *v)
{
	size_t i, j;
	for (j = 0; j < A->size2; j++) {
		double s = 0;
		for (i = 0; i < A->size1; i++)
			s += gsl_matrix_get(A, i, j);
		gsl_vector_set(v, j, s);
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j, k;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;

	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			gsl_matrix_set(g->dz2, i, k,
				       (gsl_matrix_get(cache->prob, i, k) - (k == y[i])) / N);

	matTmul_reg(cache->p1, g->dz2, net->W2, 2 * reg, g->dW2);
	colsum(g->dz2, g->db2);

	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double s = 0;
			for (k = 0; k < C; k++)
				s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, s);
		}

	/* chain rule through the relu */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dz1, i, j,
				       gsl_matrix_get(g->dp1, i, j) * drelu(gsl_matrix_get(cache->z1, i, j)));

	matTmul_reg(X, g->dz1, net->W1, 2 * reg, g->dW1);
	colsum(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
