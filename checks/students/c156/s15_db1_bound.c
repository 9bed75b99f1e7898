/* backward.c -- two layer net, backward (hw3)
 *
 * loops only, everything flat:  entry k of an R x S matrix is row k / S,
 * column k % S.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t k, n, c;
	const double *x = X->data, *z1 = cache->z1->data, *p1 = cache->p1->data;
	const double *w1 = net->W1->data, *w2 = net->W2->data;
	double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* dz2 */
	for (k = 0; k < N * C; k++)
		dz2[k] = (cache->prob->data[k] - (k % C == y[k / C])) / N;

	/* dW2 and db2 */
	for (k = 0; k < H * C; k++) {
		double s = 2 * reg * w2[k];
		for (n = 0; n < N; n++)
			s += p1[n * H + k / C] * dz2[n * C + k % C];
		g->dW2->data[k] = s;
	}
	for (c = 0; c < C; c++)
		g->db2->data[c] = 0;
	for (k = 0; k < N * C; k++)
		g->db2->data[k % C] += dz2[k];

	/* dp1 and dz1 */
	for (k = 0; k < N * H; k++) {
		double s = 0;
		for (c = 0; c < C; c++)
			s += dz2[(k / H) * C + c] * w2[(k % H) * C + c];
		dp1[k] = s;
		dz1[k] = z1[k] > 0 ? s : 0;
	}

	/* dW1 and db1 */
	for (k = 0; k < D * H; k++) {
		double s = 2 * reg * w1[k];
		for (n = 0; n < N; n++)
			s += x[n * D + k / H] * dz1[n * H + k % H];
		g->dW1->data[k] = s;
	}
	for (c = 0; c < H; c++)
		g->db1->data[c] = 0;
	for (k = 0; k < D * H; k++)
		g->db1->data[k % H] += dz1[k];

	g->present = BP_GRADS_ALL;
	return 0;
}
