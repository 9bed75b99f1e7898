/* backward.c -- ECE elective, assignment 4: backprop by hand
 *
 * One accumulator (acc) for every dot product and sum.  dz2 is kept in a
 * static array so the rest of the pass reads it without gsl calls.
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

static double dz2[MAX_N][MAX_C];
static double hid[MAX_N][MAX_H];	/* dp1, then dz1 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, d = net->D, h = net->H, c = net->C;
	size_t i, j, k;
	double acc;

	if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C)
		return -1;

	/* dz2 */
	for (i = n; i-- > 0;) {
		for (k = c; k-- > 0;)
			dz2[i][k] = gsl_matrix_get(cache->prob, i, k);
		dz2[i][y[i]] -= 1.0;
		for (k = c; k-- > 0;) {
			dz2[i][k] /= (double)n;
			gsl_matrix_set(g->dz2, i, k, dz2[i][k]);
		}
	}

	/* dW2 */
	for (j = h; j-- > 0;)
		for (k = c; k-- > 0;) {
			acc = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
			for (i = n; i-- > 0;)
				acc += gsl_matrix_get(cache->p1, i, j) * dz2[i][k];
			gsl_matrix_set(g->dW2, j, k, acc);
		}

	/* db2 */
	acc = 0.0;
	for (k = c; k-- > 0;) {
		for (i = n; i-- > 0;)
			acc += dz2[i][k];
		gsl_vector_set(g->db2, k, acc);
	}

	/* dp1 */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			acc = 0.0;
			for (k = c; k-- > 0;)
				acc += dz2[i][k] * gsl_matrix_get(net->W2, j, k);
			hid[i][j] = acc;
			gsl_matrix_set(g->dp1, i, j, acc);
		}

	/* dz1 */
	for (i = n; i-- > 0;)
		for (j = h; j-- > 0;) {
			if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
				hid[i][j] = 0.0;
			gsl_matrix_set(g->dz1, i, j, hid[i][j]);
		}

	/* dW1 */
	for (k = d; k-- > 0;)
		for (j = h; j-- > 0;) {
			acc = 2.0 * reg * gsl_matrix_get(net->W1, k, j);
			for (i = n; i-- > 0;)
				acc += gsl_matrix_get(X, i, k) * hid[i][j];
			gsl_matrix_set(g->dW1, k, j, acc);
		}

	/* db1 */
	for (j = h; j-- > 0;) {
		acc = 0.0;
		for (i = n; i-- > 0;)
			acc += hid[i][j];
		gsl_vector_set(g->db1, j, acc);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
