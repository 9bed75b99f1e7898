/* backward.c  (hw3)
 * helpers take plain pointers + sizes, backward() just wires them up.
 * stride = tda of the matrix (row length in memory) */
#include <string.h>
#include "backprop.h"

#define MAXC 64

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T B (+ 2 reg W):  A is n x a, B is n x b, C and W a x b */
static void my_grad_w(const double *A, size_t sa, const double *B, size_t sb,
		      const double *W, size_t sw, double reg,
		      double *out, size_t so, size_t n, size_t a, size_t b)
{
	size_t i, j, k;
	for (i = 0; i < a; i++)
		for (j = 0; j < b; j++) {
			double s = 0;
			for (k = 0; k < n; k++)
				s += A[k*sa + i] * B[k*sb + j];
			out[i*so + j] = s + 2*reg*W[i*sw + j];
		}
}

/* out = M W^T: M is n x k, W is m x k, out n x m */
static void my_mul_bt(const double *M, size_t sm, const double *W, size_t sw,
		      double *out, size_t so, size_t n, size_t k, size_t m)
{
	size_t i, j, t;
	for (i = 0; i < n; i++)
		for (j = 0; j < m; j++) {
			double s = 0;
			for (t = 0; t < k; t++)
				s += M[i*sm + t] * W[j*sw + t];
			out[i*so + j] = s;
		}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j;
	static double bsum[MAXC] = {0};
	double *dz2 = g->dz2->data, *dz1 = g->dz1->data, *dp1 = g->dp1->data;
	size_t s2 = g->dz2->tda, s1 = g->dz1->tda, sp = g->dp1->tda;

	if (C > MAXC)
		return 1;

	/* dz2 = (prob - onehot)/N */
	for (i = 0; i < N; i++) {
		const double *pr = cache->prob->data + i*cache->prob->tda;
		for (j = 0; j < C; j++)
			dz2[i*s2 + j] = (pr[j] - (j == y[i])) / N;
	}

	my_grad_w(cache->p1->data, cache->p1->tda, dz2, s2, net->W2->data,
		  net->W2->tda, reg, g->dW2->data, g->dW2->tda, N, H, C);

	/* db2: add the rows up */
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			bsum[j] += dz2[i*s2 + j];
	memcpy(g->db2->data, bsum, C * sizeof(double));

	my_mul_bt(dz2, s2, net->W2->data, net->W2->tda, dp1, sp, N, C, H);

	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			dz1[i*s1 + j] = cache->z1->data[i*cache->z1->tda + j] > 0 ? dp1[i*sp + j] : 0;

	my_grad_w(X->data, X->tda, dz1, s1, net->W1->data, net->W1->tda, reg,
		  g->dW1->data, g->dW1->tda, N, D, H);

	for (j = 0; j < H; j++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += dz1[i*s1 + j];
		g->db1->data[j] = s;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
