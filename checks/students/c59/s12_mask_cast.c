/*
 * backward.c - lab 4: backward pass of the two-layer network
 *
 * relu mask kept as one byte per unit (uint8_t), nonzero = unit was on.
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

static uint8_t on[MAX_N * MAX_H];
static double wsum[MAX_D * MAX_H];
static double bsum[MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static void copy_w(gsl_matrix *dst, const double *src, const gsl_matrix *w,
		   double reg)
{
	size_t r, m;

	for (r = dst->size1; r-- > 0; )
		for (m = dst->size2; m-- > 0; )
			gsl_matrix_set(dst, r, m, src[r * dst->size2 + m]
				       + 2.0 * reg * gsl_matrix_get(w, r, m));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t n = X->size1, d = net->D, h = net->H, c = net->C;
	size_t i, j, k;
	double t;

	if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C)
		return -1;

	/* dz2 = (prob - onehot) / n */
	for (i = n; i-- > 0; )
		for (k = c; k-- > 0; ) {
			t = gsl_matrix_get(cache->prob, i, k);
			if (k == y[i])
				t -= 1.0;
			gsl_matrix_set(g->dz2, i, k, t / (double)n);
		}

	/* dW2, db2 */
	memset(wsum, 0, sizeof(wsum));
	memset(bsum, 0, sizeof(bsum));
	for (i = n; i-- > 0; )
		for (k = c; k-- > 0; ) {
			t = gsl_matrix_get(g->dz2, i, k);
			bsum[k] += t;
			for (j = h; j-- > 0; )
				wsum[j * c + k] += gsl_matrix_get(cache->p1, i, j) * t;
		}
	copy_w(g->dW2, wsum, net->W2, reg);
	for (k = c; k-- > 0; )
		gsl_vector_set(g->db2, k, bsum[k]);

	/* dp1 = dz2 W2' */
	for (i = n; i-- > 0; )
		for (j = h; j-- > 0; ) {
			t = 0.0;
			for (k = c; k-- > 0; )
				t += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, t);
		}

	/* relu mask from the forward pass */
	for (i = n; i-- > 0; )
		for (j = h; j-- > 0; )
			on[i * h + j] = (uint8_t)gsl_matrix_get(cache->p1, i, j);

	/* dz1 */
	for (i = n; i-- > 0; )
		for (j = h; j-- > 0; )
			gsl_matrix_set(g->dz1, i, j,
				       on[i * h + j] ? gsl_matrix_get(g->dp1, i, j) : 0.0);

	/* dW1, db1 */
	memset(wsum, 0, sizeof(wsum));
	memset(bsum, 0, sizeof(bsum));
	for (i = n; i-- > 0; )
		for (j = h; j-- > 0; ) {
			t = gsl_matrix_get(g->dz1, i, j);
			bsum[j] += t;
			for (k = d; k-- > 0; )
				wsum[k * h + j] += gsl_matrix_get(X, i, k) * t;
		}
	copy_w(g->dW1, wsum, net->W1, reg);
	for (j = h; j-- > 0; )
		gsl_vector_set(g->db1, j, bsum[j]);

	g->present = BP_GRADS_ALL;
	return 0;
}
