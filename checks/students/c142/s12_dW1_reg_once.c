/*
 * backward.c -- two layer net
 *
 * One loop over the batch does everything for a sample: its dz2 row (and
 * db2), its dp1/dz1 rows (and db1, and dW2 in the same (h, c) loop), and
 * its outer product into dW1.  Weight decay for both layers at the end,
 * in one loop over the hidden units.
 */
#include "backprop.h"

#define AT(m, i, j)	((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)	((v)->data[(i) * (v)->stride])

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	 double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, d = net->D, h = net->H, c = net->C;
	size_t i, a, b;

	if (n != cache->N || n != g->N)
		return 1;

	/* clear the parameter gradients: dW1, db1, dW2, db2 all live in dtheta */
	gsl_vector_set_zero(g->dtheta);

	for (i = 0; i < n; i++) {
		/* dz2 row, db2 */
		for (b = 0; b < c; b++) {
			double v = AT(cache->prob, i, b);
			if (b == y[i])
				v -= 1.0;
			AT(g->dz2, i, b) = v / n;
			VAT(g->db2, b) += v / n;
		}
		/* dp1 / dz1 row, db1, and dW2 row by row */
		for (a = 0; a < h; a++) {
			double s = 0.0;
			for (b = 0; b < c; b++) {
				s += AT(g->dz2, i, b) * AT(net->W2, a, b);
				AT(g->dW2, a, b) += AT(cache->p1, i, a) * AT(g->dz2, i, b);
			}
			AT(g->dp1, i, a) = s;
			AT(g->dz1, i, a) = AT(cache->z1, i, a) > 0 ? s : 0.0;
			VAT(g->db1, a) += AT(g->dz1, i, a);
		}
		/* dW1 += x_i' dz1_i */
		for (a = 0; a < d; a++)
			for (b = 0; b < h; b++)
				AT(g->dW1, a, b) += AT(X, i, a) * AT(g->dz1, i, b);
	}

	/* weight decay, both layers in one loop over the hidden units */
	for (a = 0; a < h; a++) {
		for (b = 0; b < c; b++)
			AT(g->dW2, a, b) += 2 * reg * AT(net->W2, a, b);
		for (b = 0; b < d; b++)
			AT(g->dW1, b, a) += reg * AT(net->W1, b, a);
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
