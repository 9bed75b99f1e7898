/*
 * backward.c  --  error backpropagation as in Bishop, PRML section 5.3.1
 *
 *   delta_k = y_k - t_k                        (output units)
 *   delta_j = h'(a_j) * sum_k w_kj delta_k     (hidden units)
 *   dE_n/dw_ji = delta_j z_i
 *
 * applied to each pattern n in turn, summed over the patterns, and
 * divided by N at the end (E is the mean).  The regulariser's derivative
 * 2 reg w is added once, after the sum.  I go through the patterns from
 * the last to the first, it does not matter for a sum.
 */

#include <string.h>
#include "backprop.h"

#define MAXD 64
#define MAXH 64
#define MAXC 16

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	double sw1[MAXD * MAXH], sb1[MAXH], sw2[MAXH * MAXC], sb2[MAXC];
	double dk[MAXC], dj[MAXH];
	const double *w2 = net->W2->data;
	size_t ldw2 = net->W2->tda;
	size_t n, i, j, k;

	if (D > MAXD || H > MAXH || C > MAXC || N != cache->N)
		return 1;

	memset(sw1, 0, sizeof sw1);
	memset(sb1, 0, sizeof sb1);
	memset(sw2, 0, sizeof sw2);
	memset(sb2, 0, sizeof sb2);

	n = N;
	while (n-- > 0)
	{
		const double *x = X->data + n * X->tda;
		const double *zz = cache->p1->data + n * cache->p1->tda;
		const double *yk = cache->prob->data + n * cache->prob->tda;
		double *out2 = g->dz2->data + n * g->dz2->tda;
		double *outp = g->dp1->data + n * g->dp1->tda;
		double *out1 = g->dz1->data + n * g->dz1->tda;

		/* output sensitivities */
		for (k = 0; k < C; k++)
		{
			dk[k] = yk[k] - (k == y[n] ? 1.0 : 0.0);
			out2[k] = dk[k] / (double) N;
			sb2[k] += dk[k];
		}

		/* hidden sensitivities; h'(a_j) is 1 exactly where z_j = h(a_j) > 0 */
		for (j = 0; j < H; j++)
		{
			double s = 0.0;
			for (k = 0; k < C; k++)
			{
				s += w2[j * ldw2 + k] * dk[k];
				sw2[j * MAXC + k] += zz[j] * dk[k];
			}
			outp[j] = s / (double) N;
			dj[j] = zz[j] > 0.0 ? s : 0.0;
			out1[j] = dj[j] / (double) N;
			sb1[j] += dj[j];
		}

		for (i = 0; i < D; i++)
			for (j = 0; j < H; j++)
				sw1[i * MAXH + j] += x[i] * dj[j];
	}

	/* E = (1/N) sum_n E_n + reg |w|^2 */
	for (j = 0; j < H; j++)
	{
		g->db1->data[j * g->db1->stride] = sb1[j] / (double) N;
		for (k = 0; k < C; k++)
			g->dW2->data[j * g->dW2->tda + k] =
				sw2[j * MAXC + k] / (double) N + 2.0 * reg * w2[j * ldw2 + k];
	}
	for (k = 0; k < C; k++)
		g->db2->data[k * g->db2->stride] = sb2[k] / (double) N;
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++)
			g->dW1->data[i * g->dW1->tda + j] = sw1[i * MAXH + j] / (double) N
				+ 2.0 * reg * net->W1->data[i * net->W1->tda + j];

	g->present = BP_GRADS_ALL;
	return 0;
}
