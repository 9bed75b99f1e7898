/* backward.c  --  homework 4, two layer net, backward pass
 * R. Okafor, Thursday evening section
 *
 * I have done everything with gsl_matrix_get and gsl_matrix_set because
 * that is what I can read.  It is slow but the nets are small.
 */

#include <stdio.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(net, X, y, reg, cache, g)
const bp_net *net;
const gsl_matrix *X;
const size_t *y;
double reg;
const bp_cache *cache;
bp_grads *g;
{
	int N, D, H, C;
	int i, j, k;
	double s, v;

	N = X->size1;
	D = net->D;
	H = net->H;
	C = net->C;
	if (N != (int) cache->N || (int) X->size2 != D || (int) g->N != N)
		return 1;

	/* scores: dL/dz2 = (prob - 1 at the label) / N */
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++) {
			v = gsl_matrix_get(cache->prob, i, j);
			if (j == (int) y[i])
				v = v - 1.0;
			gsl_matrix_set(g->dz2, i, j, v / (double) N);
		}
	}

	/* second layer weights: p1 transposed times dz2, plus 2*reg*W2
	 * (there is no 1/2 in our loss so the 2 stays) */
	for (j = 0; j < H; j++) {
		for (k = 0; k < C; k++) {
			s = 0.0;
			for (i = 0; i < N; i++)
				s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
			s += 2.0 * reg * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dW2, j, k, s);
		}
	}

	/* second layer bias: add up dz2 down each column */
	for (k = 0; k < C; k++) {
		s = 0.0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz2, i, k);
		gsl_vector_set(g->db2, k, s);
	}

	/* back into the hidden layer: dz2 times W2 transposed */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			s = 0.0;
			for (k = 0; k < C; k++)
				s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
			gsl_matrix_set(g->dp1, i, j, s);
		}
	}

	/* relu lets the gradient through only where z1 was positive */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			if (gsl_matrix_get(cache->z1, i, j) > 0.0)
				gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
			else
				gsl_matrix_set(g->dz1, i, j, 0.0);
		}
	}

	/* first layer weights, same as the second layer with X for p1 */
	for (k = 0; k < D; k++) {
		for (j = 0; j < H; j++) {
			s = 0.0;
			for (i = 0; i < N; i++)
				s += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
			s += 2.0 * reg * gsl_matrix_get(net->W1, k, j);
			gsl_matrix_set(g->dW1, k, j, s);
		}
	}

	/* first layer bias */
	for (j = 0; j < H; j++) {
		s = 0.0;
		for (i = 0; i < N; i++)
			s += gsl_matrix_get(g->dz1, i, j);
		gsl_vector_set(g->db1, j, s);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
