/* backward.c - backprop, two-layer net
 * RAM budget: one N x H buffer (hid) does dp1 and dz1, one weight-sized
 * buffer (wbuf) does dW2 and dW1.
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

static double out[MAX_N * MAX_C];
static double hid[MAX_N * MAX_H];
static double wbuf[MAX_D * MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static void put_rows(gsl_matrix *m, const double *src, size_t rows, size_t cols)
{
	size_t r;

	for (r = rows; r-- > 0;)
		memcpy(m->data + r * m->tda, src + r * cols, cols * sizeof(double));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, d = net->D, h = net->H, c = net->C;
	size_t i, j, k;
	double acc;

	if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C)
		return -1;

	/* dz2 */
	for (i = n; i-- > 0;)
		for (k = c; k-- > 0;)
			out[i * c + k] = (gsl_matrix_get(cache->prob, i, k)
					  - (k == y[i] ? 1.0 : 0.0)) / (double)n;
	put_rows(g->dz2, out, n, c);

	/* dW2 */
	memset(wbuf, 0, sizeof(wbuf));
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;)
			for (k = c; k-- > 0;)
				wbuf[j * c + k] += gsl_matrix_get(cache->p1, i, j) * out[i * c + k];
	for (j = h; j-- > 0;)
		for (k = c; k-- > 0;)
			wbuf[j * c + k] += 2.0 * reg * gsl_matrix_get(net->W2, j, k);
	put_rows(g->dW2, wbuf, h, c);

	/* db2 */
	for (k = c; k-- > 0;) {
		acc = 0.0;
		for (i = n; i-- > 0;)
			acc += out[i * c + k];
		gsl_vector_set(g->db2, k, acc);
	}

	/* dp1 */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			acc = 0.0;
			for (k = c; k-- > 0;)
				acc += out[i * c + k] * gsl_matrix_get(net->W2, j, k);
			hid[i * h + j] = acc;
		}

	/* relu backward, in place */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;)
			if (!(gsl_matrix_get(cache->z1, i, j) > 0.0))
				hid[i * h + j] = 0.0;
	put_rows(g->dp1, hid, n, h);
	put_rows(g->dz1, hid, n, h);

	/* dW1 */
	memset(wbuf, 0, sizeof(wbuf));
	for (i = n; i-- > 0;)
		for (k = d; k-- > 0;)
			for (j = h; j-- > 0;)
				wbuf[k * h + j] += gsl_matrix_get(X, i, k) * hid[i * h + j];
	for (k = d; k-- > 0;)
		for (j = h; j-- > 0;)
			wbuf[k * h + j] += 2.0 * reg * gsl_matrix_get(net->W1, k, j);
	put_rows(g->dW1, wbuf, d, h);

	/* db1 */
	for (j = h; j-- > 0;) {
		acc = 0.0;
		for (i = n; i-- > 0;)
			acc += hid[i * h + j];
		gsl_vector_set(g->db1, j, acc);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
