/* backward pass -- two layer net
 * notation: o = dz2, hg = dp1, zg = dz1 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	const gsl_matrix *W1 = net->W1, *W2 = net->W2;
	gsl_matrix *o = g->dz2, *hg = g->dp1, *zg = g->dz1;
	const double *d, *w, *src;
	double *dst;
	size_t i, j, k;

	if (cache->N != N || g->N != N)
		return 1;

	/* o = (prob - onehot) / N */
	for (i = 0, src = cache->prob->data, dst = o->data; i < N;
	     i++, src += cache->prob->tda, dst += o->tda) {
		for (k = 0; k < C; k++)
			dst[k] = src[k];
		dst[y[i]] -= 1;
		for (k = 0; k < C; k++)
			dst[k] /= N;
	}

	/* dW2, db2 */
	for (j = 0; j < H; j++) {
		dst = g->dW2->data + j * g->dW2->tda;
		w = W2->data + j * W2->tda;
		for (k = 0; k < C; k++)
			dst[k] = 2 * reg * w[k];
		for (i = 0, src = cache->p1->data + j, d = o->data; i < N;
		     i++, src += cache->p1->tda, d += o->tda)
			for (k = 0; k < C; k++)
				dst[k] += *src * d[k];
	}
	for (k = 0; k < C; k++) {
		double s = 0;
		for (i = 0, d = o->data + k; i < N; i++, d += o->tda)
			s += *d;
		g->db2->data[k * g->db2->stride] = s;
	}

	/* hg = o W2^T */
	for (i = 0, d = o->data, dst = hg->data; i < N; i++, dst += hg->tda)
		for (j = 0; j < H; j++) {
			double s = 0;
			w = W2->data + j * W2->tda;
			for (k = 0; k < C; k++)
				s += d[k] * w[k];
			dst[j] = s;
		}

	/* zg = hg where z1 > 0 */
	for (i = 0; i < N; i++) {
		const double *z = cache->z1->data + i * cache->z1->tda;
		src = hg->data + i * hg->tda;
		dst = zg->data + i * zg->tda;
		for (j = 0; j < H; j++)
			dst[j] = z[j] > 0 ? src[j] : 0;
	}

	/* dW1, db1 */
	for (k = 0; k < D; k++) {
		dst = g->dW1->data + k * g->dW1->tda;
		w = W1->data + k * W1->tda;
		for (j = 0; j < H; j++)
			dst[j] = 2 * reg * w[j];
		for (i = 0, src = X->data + k, d = zg->data; i < N;
		     i++, src += X->tda, d += zg->tda)
			for (j = 0; j < H; j++)
				dst[j] += *src * d[j];
	}
	for (j = 0; j < H; j++) {
		double s = 0;
		for (i = 0, d = zg->data + j; i < N; i++, d += zg->tda)
			s += *d;
		g->db1->data[j * g->db1->stride] = s;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
