/* backward.c -- backprop by hand for the two-layer net.
 * I redo the forward pass on the raw arrays and CHECK each result against
 * the cache (a soft assert: it only prints), then use my own numbers. */

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(A, i, j) ((A)->data[(i) * (A)->tda + (j)])
#define CHECK(cond, what) \
	do { if (!(cond)) fprintf(stderr, "CHECK failed: %s\n", what); } while (0)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k;
	double *z1, *p1, *pr, err = 0;

	z1 = malloc(N * H * sizeof *z1);
	p1 = malloc(N * H * sizeof *p1);
	pr = malloc(N * C * sizeof *pr);
	if (!z1 || !p1 || !pr) {
		free(z1); free(p1); free(pr);
		return 1;
	}

	/* forward, again */
	for (i = 0; i < N; i++) {
		for (j = 0; j < H; j++) {
			double s = net->b1->data[j * net->b1->stride];
			for (k = 0; k < D; k++)
				s += AT(X, i, k) * AT(net->W1, k, j);
			z1[i*H + j] = s;
			p1[i*H + j] = s > 0 ? s : 0;
			err = fmax(err, fabs(s - AT(cache->z1, i, j)));
		}
	}
	CHECK(err < 1e-9, "z1 matches the cache");

	err = 0;
	for (i = 0; i < N; i++) {
		double m = -INFINITY, tot = 0;
		for (k = 0; k < C; k++) {
			double s = net->b2->data[k * net->b2->stride];
			for (j = 0; j < H; j++)
				s += p1[i*H + j] * AT(net->W2, j, k);
			pr[i*C + k] = s;
			if (s > m)
				m = s;
		}
		for (k = 0; k < C; k++) {
			pr[i*C + k] = exp(pr[i*C + k] - m);
			tot += pr[i*C + k];
		}
		for (k = 0; k < C; k++) {
			pr[i*C + k] /= tot;
			err = fmax(err, fabs(pr[i*C + k] - AT(cache->prob, i, k)));
		}
	}
	CHECK(err < 1e-9, "prob matches the cache");

	/* dz2 */
	for (i = 0; i < N; i++)
		for (k = 0; k < C; k++)
			AT(g->dz2, i, k) = (pr[i*C + k] - (k == y[i] ? 1.0 : 0.0)) / N;

	/* dW2, db2 */
	for (j = 0; j < H; j++)
		for (k = 0; k < C; k++) {
			double s = 0;
			for (i = 0; i < N; i++)
				s += p1[i*H + j] * AT(g->dz2, i, k);
			AT(g->dW2, j, k) = s + 2 * reg * AT(net->W2, j, k);
		}
	for (k = 0; k < C; k++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += AT(g->dz2, i, k);
		g->db2->data[k * g->db2->stride] = s;
	}

	/* dp1, dz1 */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++) {
			double s = 0;
			for (k = 0; k < C; k++)
				s += AT(g->dz2, i, k) * AT(net->W2, j, k);
			AT(g->dp1, i, j) = s;
			AT(g->dz1, i, j) = z1[i*H + j] > 0 ? s : 0;
		}

	/* dW1, db1 */
	for (k = 0; k < D; k++)
		for (j = 0; j < H; j++) {
			double s = 0;
			for (i = 0; i < N; i++)
				s += AT(X, i, k) * AT(g->dz1, i, j);
			AT(g->dW1, k, j) = s + 2 * reg * AT(net->W1, k, j);
		}
	for (j = 0; j < H; j++) {
		double s = 0;
		for (i = 0; i < N; i++)
			s += AT(g->dz1, i, j);
		g->db1->data[j * g->db1->stride] = s / N;
	}

	free(z1);
	free(p1);
	free(pr);
	g->present = BP_GRADS_ALL;
	return 0;
}
