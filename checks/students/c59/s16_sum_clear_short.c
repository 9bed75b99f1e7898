/*
 * backward.c - backprop for the two-layer net
 *
 * Scratch (static, no heap):
 *   hid[]  N*H  relu mask (0/1) -> dz1
 *   w[]    D*H  dW2 sums, then dW1 sums
 *   sum[]  H    db2, then db1
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

static double hid[MAX_N * MAX_H];
static double w[MAX_D * MAX_H];
static double sum[MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, d = net->D, h = net->H, c = net->C;
	size_t i, j, k;
	double t;

	if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C)
		return -1;

	memset(w, 0, sizeof(w));
	memset(sum, 0, sizeof(sum));

	/* dz2 */
	gsl_matrix_memcpy(g->dz2, cache->prob);
	for (i = n; i-- > 0;)
		gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
	gsl_matrix_scale(g->dz2, 1.0 / (double)n);

	/* dW2 and db2 in one sweep over the batch */
	for (i = n; i-- > 0;)
		for (k = c; k-- > 0;) {
			t = gsl_matrix_get(g->dz2, i, k);
			sum[k] += t;
			for (j = h; j-- > 0;)
				w[j * c + k] += gsl_matrix_get(cache->p1, i, j) * t;
		}
	for (j = h; j-- > 0;)
		for (k = c; k-- > 0;)
			gsl_matrix_set(g->dW2, j, k,
				       w[j * c + k] + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
	for (k = c; k-- > 0;)
		gsl_vector_set(g->db2, k, sum[k]);

	/* dp1 */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			t = 0.0;
			for (k = c; k-- > 0;)
				t += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, t);
		}

	/* mask, then dz1 = dp1 * mask */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;)
			hid[i * h + j] = gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			hid[i * h + j] *= gsl_matrix_get(g->dp1, i, j);
			gsl_matrix_set(g->dz1, i, j, hid[i * h + j]);
		}

	/* clear w and sum for layer 1 */
	memset(w, 0, sizeof(w));
	for (j = h - 1; j > 0; j--)
		sum[j] = 0.0;

	/* dW1 and db1 */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			t = hid[i * h + j];
			sum[j] += t;
			for (k = d; k-- > 0;)
				w[k * h + j] += gsl_matrix_get(X, i, k) * t;
		}
	for (k = d; k-- > 0;)
		for (j = h; j-- > 0;)
			gsl_matrix_set(g->dW1, k, j,
				       w[k * h + j] + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
	for (j = h; j-- > 0;)
		gsl_vector_set(g->db1, j, sum[j]);

	g->present = BP_GRADS_ALL;
	return 0;
}
