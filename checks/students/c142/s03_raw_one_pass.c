/*
 * backward.c  --  Lab 4
 *
 * Everything in ONE pass over the batch: for each sample i we build its
 * row of dz2, its rows of dp1 and dz1, and add the sample's outer products
 * to dW2 and dW1 straight away.  Raw pointers with tda, no BLAS.
 */
#include "backprop.h"

#define ROW(m, i) ((m)->data + (i) * (m)->tda)

static void zero_mat(gsl_matrix *m)
{
	size_t i, j;
	for (i = 0; i < m->size1; i++)
		for (j = 0; j < m->size2; j++)
			ROW(m, i)[j] = 0.0;
}

static void zero_vec(gsl_vector *v)
{
	size_t i;
	for (i = 0; i < v->size; i++)
		v->data[i * v->stride] = 0.0;
}

/* A += a' b  for row vectors a (m) and b (n), A (m, n) */
static void outer_add(gsl_matrix *A, const double *a, const double *b)
{
	size_t r, c;
	for (r = 0; r < A->size1; r++) {
		double *Ar = ROW(A, r);
		if (a[r] == 0.0)
			continue;	/* dead unit / zero input: adds nothing */
		for (c = 0; c < A->size2; c++)
			Ar[c] += a[r] * b[c];
	}
}

/* A += s B, same shapes */
static void add_scaled(gsl_matrix *A, double s, const gsl_matrix *B)
{
	size_t r, c;
	for (r = 0; r < A->size1; r++)
		for (c = 0; c < A->size2; c++)
			ROW(A, r)[c] += s * ROW(B, r)[c];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;
	size_t i, j, k;
	double *db2 = g->db2->data, *db1 = g->db1->data;
	size_t s2 = g->db2->stride, s1 = g->db1->stride;

	if (N != cache->N || N != g->N)
		return 1;

	zero_mat(g->dW1);
	zero_mat(g->dW2);
	zero_vec(g->db1);
	zero_vec(g->db2);

	for (i = 0; i < N; i++) {
		const double *pr = ROW(cache->prob, i);
		const double *z1 = ROW(cache->z1, i);
		double *dz2 = ROW(g->dz2, i);
		double *dp1 = ROW(g->dp1, i);
		double *dz1 = ROW(g->dz1, i);

		/* scores: softmax minus one-hot, over N; db2 on the way */
		for (k = 0; k < C; k++) {
			dz2[k] = (pr[k] - (k == y[i] ? 1.0 : 0.0)) / N;
			db2[k * s2] += dz2[k];
		}
		/* hidden: dp1 = dz2 W2', then the mask; db1 on the way */
		for (j = 0; j < H; j++) {
			const double *w = ROW(net->W2, j);
			double acc = 0.0;
			for (k = 0; k < C; k++)
				acc += dz2[k] * w[k];
			dp1[j] = acc;
			dz1[j] = z1[j] > 0.0 ? acc : 0.0;
			db1[j * s1] += dz1[j];
		}
		/* this sample's share of both weight gradients */
		outer_add(g->dW2, ROW(cache->p1, i), dz2);
		outer_add(g->dW1, ROW(X, i), dz1);
	}

	/* L2: d/dW of reg*|W|^2 is 2 reg W */
	add_scaled(g->dW2, 2.0 * reg, net->W2);
	add_scaled(g->dW1, 2.0 * reg, net->W1);

	g->present = BP_GRADS_ALL;
	return 0;
}
