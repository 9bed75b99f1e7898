/* two layer net -- backward
 * pointer style, one row pointer per matrix, walked along the row.
 * (K&R chapter 5 made me do it) */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define ROW(m, i) ((m)->data + (i) * (m)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;
	const double *pp, *pw, *pa;
	double *pd, *pg;

	if (N != cache->N || D != X->size2)
		return 1;

	/* dz2 = (prob - onehot) / N */
	for (i = 0; i < N; i++) {
		pp = ROW(cache->prob, i);
		pd = ROW(g->dz2, i);
		for (j = 0; j < C; j++)
			*pd++ = *pp++ / N;
		ROW(g->dz2, i)[y[i]] -= 1.0 / N;
	}

	/* dW2 = 2 reg W2 + sum_i p1_i^T dz2_i ; db2 = sum_i dz2_i */
	for (j = 0; j < H; j++) {
		pw = ROW(net->W2, j);
		pg = ROW(g->dW2, j);
		for (k = 0; k < C; k++)
			*pg++ = 2 * reg * *pw++;
	}
	for (k = 0; k < C; k++)
		g->db2->data[k] = 0;
	for (i = 0; i < N; i++) {
		pa = ROW(cache->p1, i);
		for (j = 0; j < H; j++, pa++) {
			pg = ROW(g->dW2, j);
			pd = ROW(g->dz2, i);
			for (k = 0; k < C; k++)
				*pg++ += *pa * *pd++;
		}
		pd = ROW(g->dz2, i);
		for (k = 0; k < C; k++)
			g->db2->data[k] += *pd++;
	}

	/* dp1 = dz2 W2^T, and relu */
	for (i = 0; i < N; i++) {
		double *dp = ROW(g->dp1, i), *dz = ROW(g->dz1, i);
		const double *act = ROW(cache->p1, i);
		for (j = 0; j < H; j++) {
			double s = 0;
			pd = ROW(g->dz2, i);
			pw = ROW(net->W2, j);
			for (k = 0; k < C; k++)
				s += *pd++ * *pw++;
			*dp = s;
			*dz = (*act >= 0) ? s : 0;
			dp++; dz++; act++;
		}
	}

	/* dW1 = 2 reg W1 + X^T dz1 ; db1 */
	for (k = 0; k < D; k++) {
		pw = ROW(net->W1, k);
		pg = ROW(g->dW1, k);
		for (j = 0; j < H; j++)
			*pg++ = 2 * reg * *pw++;
	}
	for (j = 0; j < H; j++)
		g->db1->data[j] = 0;
	for (i = 0; i < N; i++) {
		pa = ROW(X, i);
		for (k = 0; k < D; k++, pa++) {
			pg = ROW(g->dW1, k);
			pd = ROW(g->dz1, i);
			for (j = 0; j < H; j++)
				*pg++ += *pa * *pd++;
		}
		pd = ROW(g->dz1, i);
		for (j = 0; j < H; j++)
			g->db1->data[j] += *pd++;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
