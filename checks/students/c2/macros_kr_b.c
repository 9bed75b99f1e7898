#include "backprop.h"

#define AT(m,r,c) (m)->data[(r)*(m)->tda + (c)]

int backward(const bp_net *, const gsl_matrix *, const size_t *, double,
	const bp_cache *, bp_grads *);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y, double reg,
	const bp_cache *cc, bp_grads *g)
{
	size_t n = X->size1, d = net->D, h = net->H, c = net->C;
	size_t i, j, k;
	double acc;

	for (i = 0; i < n; i++)
		for (k = 0; k < c; k++)
			AT(g->dz2, i, k) = (AT(cc->prob, i, k) - (y[i] == k ? 1 : 0)) / n;

	for (j = 0; j < h; j++)
		for (k = 0; k < c; k++) {
			acc = 0;
			for (i = 0; i < n; i++)
				acc += AT(cc->p1, i, j) * AT(g->dz2, i, k);
			AT(g->dW2, j, k) = acc + 2 * reg * AT(net->W2, j, k);
		}
	for (k = 0; k < c; k++) {
		acc = 0;
		for (i = 0; i < n; i++)
			acc += AT(g->dz2, i, k);
		g->db2->data[k] = acc;
	}

	for (i = 0; i < n; i++) {
		acc = 0;
		for (j = 0; j < h; j++) {
			for (k = 0; k < c; k++)
				acc += AT(g->dz2, i, k) * AT(net->W2, j, k);
			AT(g->dp1, i, j) = acc;
		}
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < h; j++)
			AT(g->dz1, i, j) = AT(cc->z1, i, j) > 0 ? AT(g->dp1, i, j) : 0;

	for (k = 0; k < d; k++)
		for (j = 0; j < h; j++) {
			acc = 0;
			for (i = 0; i < n; i++)
				acc += AT(X, i, k) * AT(g->dz1, i, j);
			AT(g->dW1, k, j) = acc + 2 * reg * AT(net->W1, k, j);
		}
	for (j = 0; j < h; j++) {
		acc = 0;
		for (i = 0; i < n; i++)
			acc += AT(g->dz1, i, j);
		g->db1->data[j] = acc;
	}
	g->present = BP_GRADS_ALL;
	return 0;
}
