#include "backprop/net.h"
#include "backprop/grads.h"

/* pointer arithmetic everywhere; A[i][j] is A->data[i * A->tda + j] */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
	const double *W2 = net->W2->data;
	size_t i, j, k;

	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			dz2[i * g->dz2->tda + k] = (cache->prob->data[i * cache->prob->tda + k]
			                            - (k == y[i])) / N;

	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++) {
			double s = 2 * reg * W2[j * net->W2->tda + k];
			for (i = 0; i < N; i++)
				s += cache->p1->data[i * cache->p1->tda + j] * dz2[i * g->dz2->tda + k];
			g->dW2->data[j * g->dW2->tda + k] = s;
		}

	for (k = 0; k < C; k++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += dz2[i * g->dz2->tda + k];
		g->db2->data[k * g->db2->stride] = s;
	}

	/* dp1 = dz2 . W2^T, i.e. dp1[i][j] = sum_k dz2[i][k] W2^T[k][j] */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double s = 0;
			for (k = 0; k < C; k++)
				s += dz2[i * g->dz2->tda + k] * W2[k * net->W2->tda + j];
			dp1[i * g->dp1->tda + j] = s;
		}

	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			dz1[i * g->dz1->tda + j] = cache->z1->data[i * cache->z1->tda + j] > 0
			                           ? dp1[i * g->dp1->tda + j] : 0;

	for (k = 0; k < D; k++)
		for (j = 0; j < H; j++) {
			double s = 2 * reg * net->W1->data[k * net->W1->tda + j];
			for (i = 0; i < N; i++)
				s += X->data[i * X->tda + k] * dz1[i * g->dz1->tda + j];
			g->dW1->data[k * g->dW1->tda + j] = s;
		}

	for (j = 0; j < H; j++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += dz1[i * g->dz1->tda + j];
		g->db1->data[j * g->db1->stride] = s;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
