/*
 * backward.c
 * Lab 5 - backprop by hand
 *
 * I use a macro for the flat index so that it also works if tda != size2
 * (TA said the matrices from gradcheck are contiguous but just in case).
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define ELEM(m, k) ((m)->data[((k) / (m)->size2) * (m)->tda + (k) % (m)->size2])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1;
	size_t D = net->D;
	size_t H = net->H;
	size_t C = net->C;
	size_t k, n;

	if (N != cache->N || X->size2 != D || g->N != N)
	{
		return 1;
	}

	/* dz2: start from the probabilities, fix the correct class, divide */
	for (k = 0; k < N * C; k++)
	{
		ELEM(g->dz2, k) = ELEM(cache->prob, k);
	}
	for (n = 0; n < N; n++)
	{
		g->dz2->data[n * g->dz2->tda + y[n]] -= 1.0;
	}
	gsl_matrix_scale(g->dz2, 1.0 / N);

	/* dW2[h][c] = sum_n p1[n][h] dz2[n][c]  + 2*reg*W2[h][c] */
	for (k = 0; k < H * C; k++)
	{
		size_t h = k / C;
		size_t c = k % C;
		double acc = 2.0 * reg * ELEM(net->W2, k);
		for (n = 0; n < N; n++)
		{
			acc += cache->p1->data[n * cache->p1->tda + h] *
			       g->dz2->data[n * g->dz2->tda + c];
		}
		ELEM(g->dW2, k) = acc;
	}

	/* db2 */
	for (k = 0; k < C; k++)
	{
		double acc = 0.0;
		for (n = 0; n < N; n++)
		{
			acc += g->dz2->data[n * g->dz2->tda + k];
		}
		g->db2->data[k * g->db2->stride] = acc;
	}

	/* dp1 and dz1 in one go. p1 > 0 is the same test as z1 > 0 */
	for (k = 0; k < N * H; k++)
	{
		size_t i = k / H;
		size_t j = k % H;
		size_t c;
		double acc = 0.0;
		for (c = 0; c < C; c++)
		{
			acc += g->dz2->data[i * g->dz2->tda + c] *
			       net->W2->data[j * net->W2->tda + c];
		}
		ELEM(g->dp1, k) = acc;
		ELEM(g->dz1, k) = ELEM(cache->p1, k) > 0.0 ? acc : 0.0;
	}

	/* dW1 */
	for (k = 0; k < D * H; k++)
	{
		size_t d = k / H;
		size_t h = k % H;
		double acc = 2.0 * reg * ELEM(net->W1, k);
		for (n = 0; n < N; n++)
		{
			acc += X->data[n * X->tda + d] *
			       g->dz1->data[n * g->dz1->tda + h];
		}
		ELEM(g->dW1, k) = acc;
	}

	/* db1 */
	for (k = 0; k < H; k++)
	{
		double acc = 0.0;
		for (n = 0; n < N; n++)
		{
			acc += g->dz1->data[n * g->dz1->tda + k];
		}
		g->db1->data[k * g->db1->stride] = acc;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
