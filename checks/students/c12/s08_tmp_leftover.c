/* backward.c
 *
 * Assignment 2 - backward pass.  All the variables are at the top like
 * our C book says.
 */
#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
	unsigned int N, D, H, C;
	unsigned int i, j, n;
	double tmp = 0;
	double tmp2 = 0;
	double p;

	N = X->size1;
	D = net->D;
	H = net->H;
	C = net->C;

	/* ===== layer 2 ===== */

	/* dz2 = (p - 1{y}) / N */
	for (n = 0; n < N; n++) {
		for (j = 0; j < C; j++) {
			p = gsl_matrix_get(cache->prob, n, j);
			if (j == y[n])
				p = p - 1;
			gsl_matrix_set(g->dz2, n, j, p / N);
		}
	}

	/* dW2 = p1^T dz2 + 2 reg W2 */
	for (i = 0; i < H; i++) {
		for (j = 0; j < C; j++) {
			tmp = 0;
			for (n = 0; n < N; n++)
				tmp += gsl_matrix_get(cache->p1, n, i) * gsl_matrix_get(g->dz2, n, j);
			tmp += 2 * reg * gsl_matrix_get(net->W2, i, j);
			gsl_matrix_set(g->dW2, i, j, tmp);
		}
	}

	/* db2 = sum over n of dz2 */
	for (j = 0; j < C; j++) {
		for (n = 0; n < N; n++)
			tmp += gsl_matrix_get(g->dz2, n, j);
		gsl_vector_set(g->db2, j, tmp);
		tmp = 0;
	}

	/* ===== layer 1 ===== */

	/* dp1 = dz2 W2^T */
	for (n = 0; n < N; n++) {
		for (i = 0; i < H; i++) {
			tmp2 = 0;
			for (j = 0; j < C; j++)
				tmp2 += gsl_matrix_get(g->dz2, n, j) * gsl_matrix_get(net->W2, i, j);
			gsl_matrix_set(g->dp1, n, i, tmp2);
		}
	}

	/* dz1 = dp1 if z1 > 0 else 0 */
	for (n = 0; n < N; n++)
		for (i = 0; i < H; i++)
			gsl_matrix_set(g->dz1, n, i, gsl_matrix_get(cache->z1, n, i) > 0 ? gsl_matrix_get(g->dp1, n, i) : 0.0);

	/* dW1 = X^T dz1 + 2 reg W1 */
	for (i = 0; i < D; i++) {
		for (j = 0; j < H; j++) {
			tmp2 = 0;
			for (n = 0; n < N; n++)
				tmp2 += gsl_matrix_get(X, n, i) * gsl_matrix_get(g->dz1, n, j);
			tmp2 += 2 * reg * gsl_matrix_get(net->W1, i, j);
			gsl_matrix_set(g->dW1, i, j, tmp2);
		}
	}

	/* db1 = sum over n of dz1 */
	for (j = 0; j < H; j++) {
		tmp2 = 0;
		for (n = 0; n < N; n++)
			tmp2 += gsl_matrix_get(g->dz1, n, j);
		gsl_vector_set(g->db1, j, tmp2);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
