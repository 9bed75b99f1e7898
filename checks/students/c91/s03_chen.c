/* hw2 backward -- Chen Wei
   loss + grads in one go. log-softmax first (stable), loss from it,
   then turn the log-probs into probs with exp() for dscores. */

#include <math.h>
#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)   ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;
	double s, m, loss;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* log p = z - max - log(sum exp(z - max)), kept in dz2 for now */
	loss = 0;
	for (i = 0; i < N; i++) {
		m = AT(cache->z2, i, 0);
		for (j = 1; j < C; j++)
			if (AT(cache->z2, i, j) > m) m = AT(cache->z2, i, j);
		s = 0;
		for (j = 0; j < C; j++)
			s += exp(AT(cache->z2, i, j) - m);
		s = log(s);
		for (j = 0; j < C; j++)
			AT(g->dz2, i, j) = AT(cache->z2, i, j) - m - s;
		loss -= AT(g->dz2, i, y[i]);
	}
	loss /= N;
	s = 0;
	for (i = 0; i < D; i++) for (j = 0; j < H; j++) s += AT(net->W1, i, j) * AT(net->W1, i, j);
	for (i = 0; i < H; i++) for (j = 0; j < C; j++) s += AT(net->W2, i, j) * AT(net->W2, i, j);
	loss += reg * s;
	(void)loss;   /* TODO print it */

	/* dscores: exp(logp) = p, minus one at the label, over N */
	for (i = 0; i < N; i++) {
		for (j = 0; j < C; j++)
			AT(g->dz2, i, j) = exp(AT(g->dz2, i, j));
		AT(g->dz2, i, y[i]) -= 1.0;
		for (j = 0; j < C; j++)
			AT(g->dz2, i, j) /= (double)N;
	}

	/* W2, b2 */
	for (i = 0; i < H; i++)
		for (j = 0; j < C; j++) {
			s = 0;
			for (k = 0; k < N; k++)
				s += AT(cache->p1, k, i) * AT(g->dz2, k, j);
			AT(g->dW2, i, j) = s + 2 * reg * AT(net->W2, i, j);
		}
	for (j = 0; j < C; j++) {
		s = 0;
		for (k = 0; k < N; k++)
			s += AT(g->dz2, k, j);
		VAT(g->db2, j) = s;
	}

	/* back into the hidden layer */
	for (k = 0; k < N; k++)
		for (i = 0; i < H; i++) {
			s = 0;
			for (j = 0; j < C; j++)
				s += AT(g->dz2, k, j) * AT(net->W2, i, j);
			AT(g->dp1, k, i) = s;
			AT(g->dz1, k, i) = AT(cache->z1, k, i) > 0 ? s : 0;
		}

	/* W1, b1 */
	for (i = 0; i < D; i++)
		for (j = 0; j < H; j++) {
			s = 0;
			for (k = 0; k < N; k++)
				s += AT(X, k, i) * AT(g->dz1, k, j);
			AT(g->dW1, i, j) = s + 2 * reg * AT(net->W1, i, j);
		}
	for (j = 0; j < H; j++) {
		s = 0;
		for (k = 0; k < N; k++)
			s += AT(g->dz1, k, j);
		VAT(g->db1, j) = s;
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
