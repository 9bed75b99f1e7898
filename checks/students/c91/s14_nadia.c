/* Nadia Rahman -- backward.c
 * Recomputes the forward quantities it needs (hidden layer, probs, loss)
 * from z1 and z2, then does the backward pass.  tmp is an N x H scratch
 * matrix, one allocation for both parts. */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

double nadia_loss;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C, i, j;
	gsl_matrix *tmp;
	double loss = 0.0;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;
	tmp = gsl_matrix_alloc(N, H);
	if (!tmp)
		return 1;

	/* hidden = relu(z1) */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(tmp, i, j, fmax(0.0, gsl_matrix_get(cache->z1, i, j)));

	/* probs (into dz2) and the loss */
	for (i = 0; i < N; i++) {
		double mx = gsl_matrix_get(cache->z2, i, 0), den = 0.0;
		for (j = 1; j < C; j++)
			mx = fmax(mx, gsl_matrix_get(cache->z2, i, j));
		for (j = 0; j < C; j++) {
			double e = exp(gsl_matrix_get(cache->z2, i, j) - mx);
			gsl_matrix_set(g->dz2, i, j, e);
			den += e;
		}
		for (j = 0; j < C; j++)
			gsl_matrix_set(g->dz2, i, j, gsl_matrix_get(g->dz2, i, j) / den);
		loss -= log(gsl_matrix_get(g->dz2, i, y[i]));
	}
	loss /= N;
	for (i = 0; i < net->D; i++)
		for (j = 0; j < H; j++)
			loss += reg * gsl_matrix_get(net->W1, i, j) * gsl_matrix_get(net->W1, i, j);
	for (i = 0; i < H; i++)
		for (j = 0; j < C; j++)
			loss += reg * gsl_matrix_get(net->W2, i, j) * gsl_matrix_get(net->W2, i, j);
	nadia_loss = loss;

	/* dscores */
	for (i = 0; i < N; i++)
		gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
	gsl_matrix_scale(g->dz2, 1.0 / (double) N);

	/* dW2 = hidden^T dscores + 2 reg W2,  db2 */
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, tmp, g->dz2, 2.0 * reg, g->dW2);
	gsl_vector_set_zero(g->db2);
	for (i = 0; i < N; i++) {
		gsl_vector_view row = gsl_matrix_row(g->dz2, i);
		gsl_vector_add(g->db2, &row.vector);
	}

	/* dhidden, reusing tmp (hidden isn't needed any more) */
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, tmp);
	gsl_matrix_memcpy(g->dp1, tmp);

	/* relu: only where the hidden unit was on */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(tmp, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
	gsl_matrix_free(tmp);

	/* dW1 = X^T dz1 + 2 reg W1,  db1 */
	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
	gsl_vector_set_zero(g->db1);
	for (i = 0; i < N; i++) {
		gsl_vector_view row = gsl_matrix_row(g->dz1, i);
		gsl_vector_add(g->db1, &row.vector);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
