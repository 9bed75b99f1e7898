/*
 * backward.c - hand-written backprop for the 2-layer net
 *
 * I keep numpy's arrays as plain C arrays (row-major, like numpy's
 * default), so every `.T` becomes an explicit transposed copy and every
 * `.dot` one call of mat_dot below.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

/* to_array: gsl matrix -> contiguous numpy-like array (copy) */
static double *to_array(const gsl_matrix *m)
{
	size_t i;
	double *a = malloc(m->size1 * m->size2 * sizeof(double));
	for (i = 0; i < m->size1; i++)
		memcpy(a + i * m->size2, m->data + i * m->tda, m->size2 * sizeof(double));
	return a;
}

/* a.T for a (r x c) -> (c x r) */
static double *transpose(const double *a, size_t r, size_t c)
{
	size_t i, j;
	double *t = malloc(r * c * sizeof(double));
	for (i = 0; i < r; i++)
		for (j = 0; j < c; j++)
			t[j * r + i] = a[i * c + j];
	return t;
}

/* out (n x p) = a (n x m) . b (m x p), out a gsl matrix */
static void mat_dot(const double *a, const double *b, size_t n, size_t m,
		    size_t p, gsl_matrix *out)
{
	size_t i, j, k;
	for (i = 0; i < n; i++)
		for (j = 0; j < p; j++) {
			double s = 0.0;
			for (k = 0; k < m; k++)
				s += a[i * m + k] * b[k * p + j];
			out->data[i * out->tda + j] = s;
		}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;
	double *dscores, *dhidden, *h, *hT, *XT, *W2, *W2T;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
	dscores = to_array(cache->prob);
	for (i = 0; i < N; i++)
		dscores[i * C + y[i]] -= 1.0;
	for (i = 0; i < N * C; i++)
		dscores[i] /= N;
	for (i = 0; i < N; i++)
		memcpy(g->dz2->data + i * g->dz2->tda, dscores + i * C, C * sizeof(double));

	/* hT = h.T */
	h = to_array(cache->p1);
	hT = transpose(h, N, H);
	/* dW2 = hT.dot(dscores) + 2*reg*W2 */
	mat_dot(hT, dscores, H, N, C, g->dW2);
	for (i = 0; i < H; i++)
		for (j = 0; j < C; j++)
			g->dW2->data[i * g->dW2->tda + j] +=
				2 * reg * net->W2->data[i * net->W2->tda + j];

	/* db2 = dscores.sum(axis=0) */
	for (j = 0; j < C; j++) {
		double s = 0.0;
		for (i = 0; i < N; i++)
			s += dscores[i * C + j];
		g->db2->data[j * g->db2->stride] = s;
	}

	/* W2T = W2.T ; dhidden = dscores.dot(W2T) */
	W2 = to_array(net->W2);
	W2T = transpose(W2, H, C);
	mat_dot(dscores, W2T, N, C, H, g->dp1);

	/* dhidden = dhidden.copy(); dhidden[z1 <= 0] = 0 */
	dhidden = to_array(g->dp1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (cache->z1->data[i * cache->z1->tda + j] <= 0)
				dhidden[i * H + j] = 0.0;
	for (i = 0; i < N; i++)
		memcpy(g->dz1->data + i * g->dz1->tda, dhidden + i * H, H * sizeof(double));

	/* XT = X.T ; dW1 = XT.dot(dhidden) + 2*reg*W1 */
	{
		double *x = to_array(X);
		XT = transpose(x, N, D);
		free(x);
	}
	mat_dot(XT, dhidden, D, N, H, g->dW1);
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++)
			g->dW1->data[i * g->dW1->tda + j] +=
				2 * reg * net->W1->data[i * net->W1->tda + j];

	/* db1 = dhidden.sum(axis=0) */
	for (j = 0; j < H; j++) {
		double s = 0.0;
		for (i = 0; i < N; i++)
			s += dhidden[i * H + j];
		g->db1->data[j * g->db1->stride] = s;
	}

	free(dscores); free(dhidden); free(h); free(hT);
	free(XT); free(W2); free(W2T);
	g->present = BP_GRADS_ALL;
	return 0;
}
