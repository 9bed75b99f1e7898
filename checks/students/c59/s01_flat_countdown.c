/* backward.c -- backward pass of the two-layer net.
 *
 * No malloc anywhere: every scratch buffer is static and sized by the
 * MAX_ defines below.  hid is used three times (dp1, then the relu mask,
 * then dz1) and wbuf holds both weight sums, one after the other.
 * Matrices are walked through ->data with their tda.
 */
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAX_N	64
#define MAX_D	32
#define MAX_H	64
#define MAX_C	16

static double out[MAX_N * MAX_C];	/* dz2, n x c */
static double hid[MAX_N * MAX_H];	/* dp1 -> mask -> dz1, n x h */
static double wbuf[MAX_D * MAX_H];	/* dW2 sums, then dW1 sums */
static double sum[MAX_H];		/* bias sums */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, d = net->D, h = net->H, c = net->C;
	size_t i, j, k;
	double acc, inv;

	if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C)
		return -1;
	if (h * c > MAX_D * MAX_H)
		return -1;

	/* 1. dz2 = (prob - onehot) / n */
	inv = 1.0 / (double)n;
	for (i = n; i-- > 0;) {
		const double *p = cache->prob->data + i * cache->prob->tda;
		for (k = c; k-- > 0;)
			out[i * c + k] = p[k] * inv;
		out[i * c + y[i]] -= inv;
	}
	for (i = n; i-- > 0;)
		memcpy(g->dz2->data + i * g->dz2->tda, out + i * c,
		       c * sizeof(double));

	/* 2. dW2 = p1' dz2 + 2 reg W2 */
	memset(wbuf, 0, sizeof(wbuf));
	for (i = n; i-- > 0;) {
		const double *p = cache->p1->data + i * cache->p1->tda;
		for (j = h; j-- > 0;)
			for (k = c; k-- > 0;)
				wbuf[j * c + k] += p[j] * out[i * c + k];
	}
	for (j = h; j-- > 0;)
		for (k = c; k-- > 0;)
			g->dW2->data[j * g->dW2->tda + k] = wbuf[j * c + k]
				+ 2.0 * reg * net->W2->data[j * net->W2->tda + k];

	/* 3. db2 = column sums of dz2 */
	memset(sum, 0, sizeof(sum));
	for (i = n; i-- > 0;)
		for (k = c; k-- > 0;)
			sum[k] += out[i * c + k];
	for (k = c; k-- > 0;)
		g->db2->data[k * g->db2->stride] = sum[k];

	/* 4. dp1 = dz2 W2' */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			const double *w = net->W2->data + j * net->W2->tda;
			acc = 0.0;
			for (k = c; k-- > 0;)
				acc += out[i * c + k] * w[k];
			hid[i * h + j] = acc;
			g->dp1->data[i * g->dp1->tda + j] = acc;
		}

	/* 5. dz1 = dp1 .* [z1 > 0]; dp1 is safe in g, hid becomes the mask */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;)
			hid[i * h + j] =
				cache->z1->data[i * cache->z1->tda + j] > 0.0 ? 1.0 : 0.0;
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			hid[i * h + j] *= g->dp1->data[i * g->dp1->tda + j];
			g->dz1->data[i * g->dz1->tda + j] = hid[i * h + j];
		}

	/* 6. dW1 = X' dz1 + 2 reg W1, wbuf reused */
	memset(wbuf, 0, sizeof(wbuf));
	for (i = n; i-- > 0;) {
		const double *x = X->data + i * X->tda;
		for (k = d; k-- > 0;)
			for (j = h; j-- > 0;)
				wbuf[k * h + j] += x[k] * hid[i * h + j];
	}
	for (k = d; k-- > 0;)
		for (j = h; j-- > 0;)
			g->dW1->data[k * g->dW1->tda + j] = wbuf[k * h + j]
				+ 2.0 * reg * net->W1->data[k * net->W1->tda + j];

	/* 7. db1 = column sums of dz1 */
	memset(sum, 0, sizeof(sum));
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;)
			sum[j] += hid[i * h + j];
	for (j = h; j-- > 0;)
		g->db1->data[j * g->db1->stride] = sum[j];

	g->present = BP_GRADS_ALL;
	return 0;
}
