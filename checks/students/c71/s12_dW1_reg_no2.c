/* backward.c -- float, 4-wide over the hidden units
 * H is a multiple of 4 in my nets but keep a tail anyway. */
#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* acc[0..n) += a * v[0..n) */
static void axpy4(float *restrict acc, float a, const float *restrict v, size_t n)
{
	size_t j = 0;
	for (; j + 4 <= n; j += 4) {
		acc[j] += a * v[j];
		acc[j + 1] += a * v[j + 1];
		acc[j + 2] += a * v[j + 2];
		acc[j + 3] += a * v[j + 3];
	}
	for (; j < n; j++)
		acc[j] += a * v[j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j, k, d;
	float *w2 = malloc(H * C * sizeof(float));
	float *dsc = malloc(C * sizeof(float));
	float *dhid = malloc(H * sizeof(float));
	float *gw1 = calloc(D * H, sizeof(float));
	float *gw2 = calloc(H * C, sizeof(float));
	float *gb1 = calloc(H, sizeof(float));
	float *gb2 = calloc(C, sizeof(float));
	float *p1row = malloc(H * sizeof(float));
	int rc = 1;

	if (!w2 || !dsc || !dhid || !gw1 || !gw2 || !gb1 || !gb2 || !p1row)
		goto done;
	for (j = 0; j < H * C; j++)
		w2[j] = (float)net->W2->data[(j / C) * net->W2->tda + j % C];

	/* one sample at a time, accumulate the parameter grads */
	for (i = 0; i < N; i++) {
		for (k = 0; k < C; k++) {
			dsc[k] = (float)gsl_matrix_get(cache->prob, i, k);
			if (k == y[i])
				dsc[k] -= 1.0f;
			dsc[k] /= (float)N;
			gsl_matrix_set(g->dz2, i, k, dsc[k]);
		}
		for (j = 0; j < H; j++)
			p1row[j] = (float)gsl_matrix_get(cache->p1, i, j);
		for (j = 0; j < H; j++)
			axpy4(gw2 + j * C, p1row[j], dsc, C);
		axpy4(gb2, 1.0f, dsc, C);

		for (j = 0; j < H; j++) {
			float s = 0.0f;
			for (k = 0; k < C; k++)
				s += dsc[k] * w2[j * C + k];
			gsl_matrix_set(g->dp1, i, j, s);
			dhid[j] = gsl_matrix_get(cache->z1, i, j) > 0.0 ? s : 0.0f;
			gsl_matrix_set(g->dz1, i, j, dhid[j]);
		}
		for (d = 0; d < D; d++)
			axpy4(gw1 + d * H, (float)gsl_matrix_get(X, i, d), dhid, H);
		axpy4(gb1, 1.0f, dhid, H);
	}

	/* regularisation */
	for (j = 0; j < H * C; j++)
		gw2[j] += 2.0f * (float)reg * w2[j];
	for (d = 0; d < D; d++)
		for (j = 0; j < H; j++)
			gw1[d * H + j] += (float)reg * (float)gsl_matrix_get(net->W1, d, j);

	for (j = 0; j < H; j++) {
		gsl_vector_set(g->db1, j, gb1[j]);
		for (k = 0; k < C; k++)
			gsl_matrix_set(g->dW2, j, k, gw2[j * C + k]);
		for (d = 0; d < D; d++)
			gsl_matrix_set(g->dW1, d, j, gw1[d * H + j]);
	}
	for (k = 0; k < C; k++)
		gsl_vector_set(g->db2, k, gb2[k]);
	g->present = BP_GRADS_ALL;
	rc = 0;
done:
	free(w2); free(dsc); free(dhid); free(gw1); free(gw2);
	free(gb1); free(gb2); free(p1row);
	return rc;
}
