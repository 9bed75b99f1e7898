/* bw.c - 2 layer net, backprop.  T. Nguyen */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, d = net->D, h = net->H, c = net->C, i, j, k;
	double *t = NULL, s, r = reg + reg;	/* r = 2 reg */
	int rc = 1;
	const gsl_matrix *P = cache->prob, *A = cache->p1, *W = net->W2;

	if (n != cache->N || X->size2 != d || g->N != n)
		return 1;

	t = malloc(n * h * sizeof *t);	/* dz1^T, h x n, for the last part */
	if (!t)
		goto out;

	/* dz2 */
	for (i = 0; i < n; i++)
		for (j = 0; j < c; j++)
			gsl_matrix_set(g->dz2, i, j,
			    (gsl_matrix_get(P, i, j) - (j == y[i])) / n);

	/* dW2, db2 */
	for (k = 0; k < h; k++)
		for (j = 0; j < c; j++) {
			for (s = 0, i = 0; i < n; i++)
				s += A->data[i * A->tda + k] *
				    g->dz2->data[i * g->dz2->tda + j];
			gsl_matrix_set(g->dW2, k, j, s + r * gsl_matrix_get(W, k, j));
		}
	for (j = 0; j < c; j++) {
		for (s = 0, i = 0; i < n; i++)
			s += gsl_matrix_get(g->dz2, i, j);
		gsl_vector_set(g->db2, j, s);
	}

	/* dp1, dz1 (p1 > 0 iff z1 > 0) */
	for (i = 0; i < n; i++)
		for (k = 0; k < h; k++) {
			for (s = 0, j = 0; j < c; j++)
				s += gsl_matrix_get(g->dz2, i, j) * gsl_matrix_get(W, k, j);
			gsl_matrix_set(g->dp1, i, k, s);
			s = A->data[i * A->tda + k] > 0 ? s : 0;
			gsl_matrix_set(g->dz1, i, k, s);
			t[k * n + i] = s;
		}

	/* db1, dW1 */
	for (k = 0; k < h; k++) {
		for (s = 0, i = 0; i < n; i++)
			s += t[k * n + i];
		gsl_vector_set(g->db1, k, s);
		for (j = 0; j < d; j++) {
			for (s = 0, i = 0; i < n; i++)
				s += gsl_matrix_get(X, i, j) * t[k * n + i];
			gsl_matrix_set(g->dW1, j, k, s + r * gsl_matrix_get(net->W1, j, k));
		}
	}

	g->present = BP_GRADS_ALL;
	rc = 0;
out:
	free(t);
	return rc;
}
