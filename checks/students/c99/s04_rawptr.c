/*
 * backward.c  --  raw pointers, because gsl_matrix_get is a function call
 * per element (and I come from C++).  Row stride is tda, not size2!
 */
#include <math.h>
#include "backprop.h"

#define AT(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)    ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* softmax again from the scores, shifted by the row max (I don't
	 * trust the cached one) then minus one-hot, over N */
	for (i = 0; i < N; i++) {
		double mx = AT(cache->z2, i, 0), sum = 0.0;
		for (k = 1; k < C; k++)
			if (AT(cache->z2, i, k) > mx)
				mx = AT(cache->z2, i, k);
		for (k = 0; k < C; k++)
			sum += exp(AT(cache->z2, i, k) - mx);
		for (k = 0; k < C; k++) {
			double pk = exp(AT(cache->z2, i, k) - mx) / sum;
			AT(g->dz2, i, k) = (pk - (k == y[i] ? 1.0 : 0.0)) / (double)N;
		}
	}

	/* dW2, db2 */
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++)
			AT(g->dW2, j, k) = 2.0 * reg * AT(net->W2, j, k);
	for (k = 0; k < C; k++)
		VAT(g->db2, k) = 0.0;
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++) {
			double d = AT(g->dz2, i, k);
			for (j = 0; j < H; j++)
				AT(g->dW2, j, k) += AT(cache->p1, i, j) * d;
			VAT(g->db2, k) += d;
		}

	/* dp1, and dz1 with the mask from p1 (p1 > 0 exactly when z1 > 0) */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double s = 0.0;
			for (k = 0; k < C; k++)
				s += AT(g->dz2, i, k) * AT(net->W2, j, k);
			AT(g->dp1, i, j) = s;
			AT(g->dz1, i, j) = AT(cache->p1, i, j) > 0.0 ? s : 0.0;
		}

	/* dW1, db1 */
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++)
			AT(g->dW1, i, j) = 2.0 * reg * AT(net->W1, i, j);
	for (j = 0; j < H; j++)
		VAT(g->db1, j) = 0.0;
	for (k = 0; k < N; k++)
		for (j = 0; j < H; j++) {
			double d = AT(g->dz1, k, j);
			for (i = 0; i < D; i++)
				AT(g->dW1, i, j) += AT(X, k, i) * d;
			VAT(g->db1, j) += d;
		}

	g->present = BP_GRADS_ALL;
	return 0;
}
