/* backward.c -- Homework 3: backprop by hand
 * one example at a time, like backprop(x, y) in the book:
 *   output layer -> nabla_b2, nabla_w2
 *   hidden layer -> nabla_b1, nabla_w1
 * sums are over the examples, 1/N and the L2 term at the end.
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

static double *row(gsl_matrix *m, size_t i)
{
	return m->data + i * m->tda;
}

static const double *crow(const gsl_matrix *m, size_t i)
{
	return m->data + i * m->tda;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t n, i, j, k;
	double *delta_o = malloc(C * sizeof(double));
	double *delta_h = malloc(H * sizeof(double));

	if (!delta_o || !delta_h) {
		free(delta_o);
		free(delta_h);
		return 1;
	}

	gsl_vector_set_zero(g->db2);
	gsl_matrix_set_zero(g->dW1);
	gsl_vector_set_zero(g->db1);

	for (n = 0; n < N; n++) {
		const double *x = crow(X, n);
		const double *a1 = crow(cache->p1, n);
		const double *z1 = crow(cache->z1, n);
		const double *pr = crow(cache->prob, n);

		/* ---- output layer ---- */
		for (k = 0; k < C; k++) {
			delta_o[k] = pr[k];
			if (k == y[n])
				delta_o[k] -= 1.0;
			row(g->dz2, n)[k] = delta_o[k] / N;
		}
		gsl_matrix_set_zero(g->dW2);
		for (j = 0; j < H; j++)
			for (k = 0; k < C; k++)
				row(g->dW2, j)[k] += a1[j] * delta_o[k];
		for (k = 0; k < C; k++)
			g->db2->data[k * g->db2->stride] += delta_o[k];

		/* ---- hidden layer ---- */
		for (j = 0; j < H; j++) {
			double s = 0.0;
			for (k = 0; k < C; k++)
				s += crow(net->W2, j)[k] * delta_o[k];
			row(g->dp1, n)[j] = s / N;
			delta_h[j] = (z1[j] > 0.0) ? s : 0.0;
			row(g->dz1, n)[j] = delta_h[j] / N;
		}
		for (i = 0; i < D; i++)
			for (j = 0; j < H; j++)
				row(g->dW1, i)[j] += x[i] * delta_h[j];
		for (j = 0; j < H; j++)
			g->db1->data[j * g->db1->stride] += delta_h[j];
	}

	/* mean over the batch, plus d/dW of reg*|W|^2 */
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			row(g->dW2, j)[k] = row(g->dW2, j)[k] / N
				+ 2.0 * reg * crow(net->W2, j)[k];
	for (k = 0; k < C; k++)
		g->db2->data[k * g->db2->stride] /= N;
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++)
			row(g->dW1, i)[j] = row(g->dW1, i)[j] / N
				+ 2.0 * reg * crow(net->W1, i)[j];
	for (j = 0; j < H; j++)
		g->db1->data[j * g->db1->stride] /= N;

	free(delta_o);
	free(delta_h);
	g->present = BP_GRADS_ALL;
	return 0;
}
