/*
 * backward.c - two-layer net, backward pass
 *
 * All cache matrices are packed (tda == cols) for the sizes we use, so I
 * index ->data directly as flat arrays.  Scratch is static.
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

static double dz[MAX_N * MAX_C];
static double hid[MAX_N * MAX_H];
static double wb[MAX_D * MAX_H];
static double bb[MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t n = X->size1, d = net->D, h = net->H, c = net->C;
	const double *x = X->data;
	const double *z1 = cache->z1->data;
	const double *p1 = cache->p1->data;
	const double *pr = cache->prob->data;
	const double *w1 = net->W1->data;
	const double *w2 = net->W2->data;
	size_t i, j, k;
	double acc;

	if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C)
		return -1;
	if (X->tda != d || cache->z1->tda != h || cache->p1->tda != h ||
	    cache->prob->tda != c || net->W1->tda != h || net->W2->tda != c)
		return -2;

	/* dz2 */
	for (i = n; i-- > 0; ) {
		for (k = c; k-- > 0; )
			dz[i * c + k] = pr[i * c + k];
		dz[i * c + y[i]] -= 1.0;
		for (k = c; k-- > 0; )
			dz[i * c + k] /= (double)n;
	}
	for (i = n; i-- > 0; )
		memcpy(gsl_matrix_ptr(g->dz2, i, 0), &dz[i * c], c * sizeof(double));

	/* dW2 = p1' dz2 + 2 reg W2 */
	for (j = h; j-- > 0; ) {
		for (k = c; k-- > 0; ) {
			acc = 0.0;
			for (i = n; i-- > 0; )
				acc += p1[i * c + j] * dz[i * c + k];
			wb[j * c + k] = acc + 2.0 * reg * w2[j * c + k];
		}
	}
	for (j = h; j-- > 0; )
		memcpy(gsl_matrix_ptr(g->dW2, j, 0), &wb[j * c], c * sizeof(double));

	/* db2 */
	memset(bb, 0, sizeof(bb));
	for (i = n; i-- > 0; )
		for (k = c; k-- > 0; )
			bb[k] += dz[i * c + k];
	for (k = c; k-- > 0; )
		gsl_vector_set(g->db2, k, bb[k]);

	/* dp1 = dz2 W2' */
	for (i = n; i-- > 0; ) {
		for (j = h; j-- > 0; ) {
			acc = 0.0;
			for (k = c; k-- > 0; )
				acc += dz[i * c + k] * w2[j * c + k];
			hid[i * h + j] = acc;
		}
		memcpy(gsl_matrix_ptr(g->dp1, i, 0), &hid[i * h], h * sizeof(double));
	}

	/* dz1 = dp1 where z1 > 0 */
	for (i = n * h; i-- > 0; )
		if (!(z1[i] > 0.0))
			hid[i] = 0.0;
	for (i = n; i-- > 0; )
		memcpy(gsl_matrix_ptr(g->dz1, i, 0), &hid[i * h], h * sizeof(double));

	/* dW1 = X' dz1 + 2 reg W1 */
	for (k = d; k-- > 0; ) {
		for (j = h; j-- > 0; ) {
			acc = 0.0;
			for (i = n; i-- > 0; )
				acc += x[i * d + k] * hid[i * h + j];
			wb[k * h + j] = acc + 2.0 * reg * w1[k * h + j];
		}
	}
	for (k = d; k-- > 0; )
		memcpy(gsl_matrix_ptr(g->dW1, k, 0), &wb[k * h], h * sizeof(double));

	/* db1 */
	memset(bb, 0, sizeof(bb));
	for (i = n; i-- > 0; )
		for (j = h; j-- > 0; )
			bb[j] += hid[i * h + j];
	for (j = h; j-- > 0; )
		gsl_vector_set(g->db1, j, bb[j]);

	g->present = BP_GRADS_ALL;
	return 0;
}
