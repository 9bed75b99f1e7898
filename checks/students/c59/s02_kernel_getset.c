/*
 * backward.c - backprop for the 2-layer net (lab 4)
 *
 * GSL get/set only, no pointer games.  The relu mask is kept as bytes,
 * one per hidden unit per sample; bias sums go through a local array.
 */
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAX_N 64
#define MAX_D 32
#define MAX_H 64
#define MAX_C 16

static uint8_t mask[MAX_N][MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* v[j] = sum over rows of a[:, j] */
static void col_sums(const gsl_matrix *a, gsl_vector *v)
{
	double acc[MAX_H];
	size_t i, j;

	memset(acc, 0, sizeof(acc));
	for (i = a->size1; i-- > 0; )
		for (j = a->size2; j-- > 0; )
			acc[j] += gsl_matrix_get(a, i, j);
	for (j = a->size2; j-- > 0; )
		gsl_vector_set(v, j, acc[j]);
}

/* dw = a' b + 2 reg w;  a (n x r), b (n x m), w and dw (r x m) */
static void weight_grad(const gsl_matrix *a, const gsl_matrix *b,
			const gsl_matrix *w, double reg, gsl_matrix *dw)
{
	size_t i, r, m;
	double acc;

	for (r = w->size1; r-- > 0; ) {
		for (m = w->size2; m-- > 0; ) {
			acc = 0.0;
			for (i = a->size1; i-- > 0; )
				acc += gsl_matrix_get(a, i, r) * gsl_matrix_get(b, i, m);
			gsl_matrix_set(dw, r, m,
				       acc + 2.0 * reg * gsl_matrix_get(w, r, m));
		}
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1;
	size_t h = net->H;
	size_t c = net->C;
	size_t i, j, k;
	double acc, t;

	if (n > MAX_N || net->D > MAX_D || h > MAX_H || c > MAX_C)
		return -1;
	if (cache->N != n || g->N != n)
		return -1;

	/* dz2 */
	for (i = n; i-- > 0; ) {
		for (k = c; k-- > 0; ) {
			t = gsl_matrix_get(cache->prob, i, k);
			if (k == y[i])
				t -= 1.0;
			gsl_matrix_set(g->dz2, i, k, t / (double)n);
		}
	}

	/* dW2, db2 */
	weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
	col_sums(g->dz2, g->db2);

	/* dp1 = dz2 W2' */
	for (i = n; i-- > 0; ) {
		for (j = h; j-- > 0; ) {
			acc = 0.0;
			for (k = c; k-- > 0; )
				acc += gsl_matrix_get(g->dz2, i, k) *
				       gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, acc);
		}
	}

	/* relu: only units with z1 > 0 pass the gradient */
	for (i = n; i-- > 0; )
		for (j = h; j-- > 0; )
			mask[i][j] = (uint8_t)(gsl_matrix_get(cache->z1, i, j) > 0.0);

	for (i = n; i-- > 0; )
		for (j = h; j-- > 0; )
			gsl_matrix_set(g->dz1, i, j,
				       mask[i][j] ? gsl_matrix_get(g->dp1, i, j) : 0.0);

	/* dW1, db1 */
	weight_grad(X, g->dz1, net->W1, reg, g->dW1);
	col_sums(g->dz1, g->db1);

	g->present = BP_GRADS_ALL;
	return 0;
}
