/* backward.c
 * Backward pass, two-layer net.  Static work arrays only (no heap on the
 * target).  out holds dz2; hid holds dp1, then the mask, then dz1.
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
static double wsum[MAX_D * MAX_H];
static double bsum[MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, d = net->D, h = net->H, c = net->C;
	size_t i, j, k;
	double inv, acc;

	if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C)
		return -1;

	inv = 1.0 / (double)n;

	/* dz2 = prob/n, then take 1/n off at each label */
	for (i = n; i-- > 0;)
		for (k = c; k-- > 0;)
			out[i * c + k] = gsl_matrix_get(cache->prob, i, k) * inv;
	for (i = n; --i > 0;)
		out[i * c + y[i]] -= inv;
	for (i = n; i-- > 0;)
		for (k = c; k-- > 0;)
			gsl_matrix_set(g->dz2, i, k, out[i * c + k]);

	/* dW2 */
	memset(wsum, 0, sizeof(wsum));
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;)
			for (k = c; k-- > 0;)
				wsum[j * c + k] += gsl_matrix_get(cache->p1, i, j) * out[i * c + k];
	for (j = h; j-- > 0;)
		for (k = c; k-- > 0;)
			gsl_matrix_set(g->dW2, j, k, wsum[j * c + k] +
				       2.0 * reg * gsl_matrix_get(net->W2, j, k));

	/* db2 */
	memset(bsum, 0, sizeof(bsum));
	for (i = n; i-- > 0;)
		for (k = c; k-- > 0;)
			bsum[k] += out[i * c + k];
	for (k = c; k-- > 0;)
		gsl_vector_set(g->db2, k, bsum[k]);

	/* dp1 */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			acc = 0.0;
			for (k = c; k-- > 0;)
				acc += out[i * c + k] * gsl_matrix_get(net->W2, j, k);
			hid[i * h + j] = acc;
		}
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;)
			gsl_matrix_set(g->dp1, i, j, hid[i * h + j]);

	/* dz1: zero where the unit was off */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;)
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				hid[i * h + j] = 0.0;
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;)
			gsl_matrix_set(g->dz1, i, j, hid[i * h + j]);

	/* dW1 */
	memset(wsum, 0, sizeof(wsum));
	for (i = n; i-- > 0;)
		for (k = d; k-- > 0;)
			for (j = h; j-- > 0;)
				wsum[k * h + j] += gsl_matrix_get(X, i, k) * hid[i * h + j];
	for (k = d; k-- > 0;)
		for (j = h; j-- > 0;)
			gsl_matrix_set(g->dW1, k, j, wsum[k * h + j] +
				       2.0 * reg * gsl_matrix_get(net->W1, k, j));

	/* db1 */
	memset(bsum, 0, sizeof(bsum));
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;)
			bsum[j] += hid[i * h + j];
	for (j = h; j-- > 0;)
		gsl_vector_set(g->db1, j, bsum[j]);

	g->present = BP_GRADS_ALL;
	return 0;
}
