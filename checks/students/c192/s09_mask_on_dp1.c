/* backward.c
 *
 * Two-layer net: affine - relu - affine - softmax.
 * Macros M(i,j) -> data[i*tda + j] for every array, G* for gradients.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define MX(i, d)		X->data[(i) * X->tda + (d)]
#define MW1(d, h)	net->W1->data[(d) * net->W1->tda + (h)]
#define MW2(h, c)	net->W2->data[(h) * net->W2->tda + (c)]
#define MZ1(i, h)	cache->z1->data[(i) * cache->z1->tda + (h)]
#define MP1(i, h)	cache->p1->data[(i) * cache->p1->tda + (h)]
#define MPROB(i, c)	cache->prob->data[(i) * cache->prob->tda + (c)]

#define GDZ2(i, c)	g->dz2->data[(i) * g->dz2->tda + (c)]
#define GDW2(h, c)	g->dW2->data[(h) * g->dW2->tda + (c)]
#define GDB2(c)		g->db2->data[(c) * g->db2->stride]
#define GDP1(i, h)	g->dp1->data[(i) * g->dp1->tda + (h)]
#define GDZ1(i, h)	g->dz1->data[(i) * g->dz1->tda + (h)]
#define GDW1(d, h)	g->dW1->data[(d) * g->dW1->tda + (h)]
#define GDB1(h)		g->db1->data[(h) * g->db1->stride]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, d, h, c;
	double s;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* softmax + cross entropy */
	for (i = 0; i < N; i++) {
		for (c = 0; c < C; c++)
			GDZ2(i, c) = (MPROB(i, c) - (c == y[i])) / (double)N;
	}

	/* second affine layer */
	for (h = 0; h < H; h++) {
		for (c = 0; c < C; c++) {
			s = 0;
			for (i = 0; i < N; i++)
				s += MP1(i, h) * GDZ2(i, c);
			GDW2(h, c) = s + 2 * reg * MW2(h, c);
		}
	}
	for (c = 0; c < C; c++) {
		s = 0;
		for (i = 0; i < N; i++)
			s += GDZ2(i, c);
		GDB2(c) = s;
	}
	for (i = 0; i < N; i++) {
		for (h = 0; h < H; h++) {
			s = 0;
			for (c = 0; c < C; c++)
				s += GDZ2(i, c) * MW2(h, c);
			GDP1(i, h) = s;
		}
	}

	/* relu: pass the gradient only where the unit was active */
	for (i = 0; i < N; i++) {
		for (h = 0; h < H; h++) {
			if (GDP1(i, h) > 0)
				GDZ1(i, h) = GDP1(i, h);
			else
				GDZ1(i, h) = 0;
		}
	}

	/* first affine layer */
	for (d = 0; d < D; d++) {
		for (h = 0; h < H; h++) {
			s = 0;
			for (i = 0; i < N; i++)
				s += MX(i, d) * GDZ1(i, h);
			GDW1(d, h) = s + 2 * reg * MW1(d, h);
		}
	}
	for (h = 0; h < H; h++) {
		s = 0;
		for (i = 0; i < N; i++)
			s += GDZ1(i, h);
		GDB1(h) = s;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
