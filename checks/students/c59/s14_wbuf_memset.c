/* backward.c -- backprop for the two-layer net, no heap.
 *
 * wbuf: one weight-sized accumulator, dW2 first and dW1 after it.
 * hid:  dp1, then dz1 (masked in place).
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

static double wbuf[MAX_D * MAX_H];
static double hid[MAX_N * MAX_H];
static double sums[MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, d = net->D, h = net->H, c = net->C;
	size_t i, j, k;
	double v;

	if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C)
		return -1;

	/* dz2 straight into g */
	for (i = n; i-- > 0;)
		for (k = c; k-- > 0;) {
			v = gsl_matrix_get(cache->prob, i, k);
			if (k == y[i])
				v -= 1.0;
			gsl_matrix_set(g->dz2, i, k, v / (double)n);
		}

	/* dW2 */
	memset(wbuf, 0, sizeof(wbuf));
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			v = gsl_matrix_get(cache->p1, i, j);
			for (k = c; k-- > 0;)
				wbuf[j * c + k] += v * gsl_matrix_get(g->dz2, i, k);
		}
	for (j = h; j-- > 0;)
		for (k = c; k-- > 0;)
			gsl_matrix_set(g->dW2, j, k, wbuf[j * c + k]
				       + 2.0 * reg * gsl_matrix_get(net->W2, j, k));

	/* db2 */
	memset(sums, 0, sizeof(sums));
	for (i = n; i-- > 0;)
		for (k = c; k-- > 0;)
			sums[k] += gsl_matrix_get(g->dz2, i, k);
	for (k = c; k-- > 0;)
		gsl_vector_set(g->db2, k, sums[k]);

	/* dp1 */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			v = 0.0;
			for (k = c; k-- > 0;)
				v += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			hid[i * h + j] = v;
			gsl_matrix_set(g->dp1, i, j, v);
		}

	/* dz1 */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				hid[i * h + j] = 0.0;
			gsl_matrix_set(g->dz1, i, j, hid[i * h + j]);
		}

	/* dW1, reusing wbuf */
	memset(wbuf, 0, d * h);
	for (i = n; i-- > 0;)
		for (k = d; k-- > 0;) {
			v = gsl_matrix_get(X, i, k);
			for (j = h; j-- > 0;)
				wbuf[k * h + j] += v * hid[i * h + j];
		}
	for (k = d; k-- > 0;)
		for (j = h; j-- > 0;)
			gsl_matrix_set(g->dW1, k, j, wbuf[k * h + j]
				       + 2.0 * reg * gsl_matrix_get(net->W1, k, j));

	/* db1 */
	memset(sums, 0, sizeof(sums));
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;)
			sums[j] += hid[i * h + j];
	for (j = h; j-- > 0;)
		gsl_vector_set(g->db1, j, sums[j]);

	g->present = BP_GRADS_ALL;
	return 0;
}
