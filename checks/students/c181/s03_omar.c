/*
 * backward.c  --  Omar Khaled  (group B)
 * raw pointers, faster than gsl_matrix_get in the loops.
 * element (i,j) of a gsl matrix is data[i*tda + j]
 */
#include "backprop.h"

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VEL(v, i)   ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;
	double invN = 1.0 / (double)N;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* delta3 */
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			EL(g->dz2, i, k) = (EL(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) * invN;

	/* db2 and dW2 start from zero / from the reg term */
	for (k = 0; k < C; k++)
		VEL(g->db2, k) = 0.0;
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			EL(g->dW2, j, k) = 2.0 * reg * EL(net->W2, j, k);

	for (i = 0; i < N; i++) {
		for (k = 0; k < C; k++) {
			double d3 = EL(g->dz2, i, k);
			VEL(g->db2, k) += d3;
			for (j = 0; j < H; j++)
				EL(g->dW2, j, k) += EL(cache->p1, i, j) * d3;
		}
	}

	/* delta2 = (delta3 . W2^T) * (z1 > 0) */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			double s = 0.0;
			for (k = 0; k < C; k++)
				s += EL(g->dz2, i, k) * EL(net->W2, j, k);
			EL(g->dp1, i, j) = s;
			EL(g->dz1, i, j) = EL(cache->z1, i, j) > 0.0 ? s : 0.0;
		}
	}

	/* first layer */
	for (j = 0; j < H; j++)
		VEL(g->db1, j) = 0.0;
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++)
			EL(g->dW1, i, j) = 2.0 * reg * EL(net->W1, i, j);
	for (k = 0; k < N; k++)
		for (j = 0; j < H; j++) {
			double d2 = EL(g->dz1, k, j);
			VEL(g->db1, j) += d2;
			for (i = 0; i < D; i++)
				EL(g->dW1, i, j) += EL(X, k, i) * d2;
		}

	g->present = BP_GRADS_ALL;
	return 0;
}
