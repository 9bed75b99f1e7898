/* backward.c
 * K. Haraldsen  -  HW 4
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* A <- A^T B + 2 reg W  (the weight gradient of a layer) */
static void
wgrad(A, B, W, reg, out)
const gsl_matrix *A, *B, *W;
double reg;
gsl_matrix *out;
{
	gsl_matrix_memcpy(out, W);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 2.0 * reg, out);
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	 double reg, const bp_cache *cache, bp_grads *g)
{
	register int i, j;
	int N, H, C;
	double s;

	N = X->size1;
	H = net->H;
	C = net->C;
	if (N != (int) cache->N || X->size2 != net->D || (int) g->N != N)
		return 1;

	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			*gsl_matrix_ptr(g->dz2, i, j) =
			    (gsl_matrix_get(cache->prob, i, j) - (y[i] == (size_t) j)) / N;

	wgrad(cache->p1, g->dz2, net->W2, reg, g->dW2);

	for (j = 0; j < C; j++) {
		s = 0.0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, s);
	}

	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			*gsl_matrix_ptr(g->dz1, i, j) = gsl_matrix_get(cache->z1, i, j) > 0
			    ? gsl_matrix_get(g->dp1, i, j) : 0.0;

	wgrad(X, g->dz1, net->W1, reg, g->dW1);

	s = 0.0;
	for (j = 0; j < H; j++) {
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
