/*
 * backward.c -- Homework 4
 * J. Castellanos (evening section)
 *
 * Notes to myself:
 *  - every gsl_matrix is row major, element (i,j) is data[i*tda + j]
 *  - the gradient check wants all 7 gradients, even the ones that are
 *    not parameters (dz2, dp1, dz1)
 *  - regularization: the loss has reg*sum(W*W), so each weight gets
 *    an extra reg*W in its gradient
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
	int N, D, H, C, i, j, k;
	double *row, *out, sum;

	N = (int) X->size1;
	D = (int) net->D;
	H = (int) net->H;
	C = (int) net->C;
	if (N != (int) cache->N || D != (int) X->size2 || N != (int) g->N)
		return 1;

	/* Step 1.  Softmax + cross entropy gives prob minus the one hot
	 * vector, divided by N because we average over the batch. */
	for (i = 0; i < N; i++) {
		row = cache->prob->data + i * cache->prob->tda;
		out = g->dz2->data + i * g->dz2->tda;
		for (j = 0; j < C; j++)
			out[j] = (row[j] - (j == (int) y[i] ? 1.0 : 0.0)) / N;
	}

	/* Step 2.  dW2[k][j] = sum over samples p1[i][k] * dz2[i][j]
	 * plus the regularization. */
	for (k = 0; k < H; k++) {
		out = g->dW2->data + k * g->dW2->tda;
		for (j = 0; j < C; j++) {
			sum = 0.0;
			for (i = 0; i < N; i++)
				sum += cache->p1->data[i * cache->p1->tda + k]
				     * g->dz2->data[i * g->dz2->tda + j];
			out[j] = sum + reg * net->W2->data[k * net->W2->tda + j];
		}
	}

	/* Step 3.  db2 is just the sum of dz2 down the columns. */
	for (j = 0; j < C; j++) {
		sum = 0.0;
		for (i = 0; i < N; i++)
			sum += g->dz2->data[i * g->dz2->tda + j];
		g->db2->data[j * g->db2->stride] = sum;
	}

	/* Step 4.  Going back through W2: dp1 = dz2 * W2 transposed. */
	for (i = 0; i < N; i++) {
		out = g->dp1->data + i * g->dp1->tda;
		for (k = 0; k < H; k++) {
			sum = 0.0;
			for (j = 0; j < C; j++)
				sum += g->dz2->data[i * g->dz2->tda + j]
				     * net->W2->data[k * net->W2->tda + j];
			out[k] = sum;
		}
	}

	/* Step 5.  Through the ReLU.  Where z1 was negative the unit was
	 * dead and nothing comes back. */
	for (i = 0; i < N; i++) {
		row = cache->z1->data + i * cache->z1->tda;
		out = g->dz1->data + i * g->dz1->tda;
		for (k = 0; k < H; k++)
			out[k] = row[k] > 0 ? g->dp1->data[i * g->dp1->tda + k] : 0.0;
	}

	/* Step 6.  Same as step 2 but with X and dz1.  Here I did remember
	 * that the derivative of reg*w^2 is 2*reg*w. */
	for (k = 0; k < D; k++) {
		out = g->dW1->data + k * g->dW1->tda;
		for (j = 0; j < H; j++) {
			sum = 0.0;
			for (i = 0; i < N; i++)
				sum += X->data[i * X->tda + k]
				     * g->dz1->data[i * g->dz1->tda + j];
			out[j] = sum + 2 * reg * net->W1->data[k * net->W1->tda + j];
		}
	}

	/* Step 7.  Same as step 3. */
	for (j = 0; j < H; j++) {
		sum = 0.0;
		for (i = 0; i < N; i++)
			sum += g->dz1->data[i * g->dz1->tda + j];
		g->db1->data[j * g->db1->stride] = sum;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
