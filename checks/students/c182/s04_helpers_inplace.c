/* backward.c
 *
 * Backward pass split into little helpers that take a raw pointer, the
 * number of rows and columns and the row stride (tda).  W2 is transposed
 * once into a scratch buffer so that dp1 is a plain A*B product.
 * dz1 is done in place: copy dp1 over and zero the dead units.
 */

#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* out (n x m, ldo) = a' (a is k x n, lda) * b (k x m, ldb) */
static void
mul_tn(const double *a, size_t lda, const double *b, size_t ldb,
       double *out, size_t ldo, size_t k, size_t n, size_t m)
{
	size_t r, i, j;
	for (i = 0; i < n; i++)
		memset(out + i * ldo, 0, m * sizeof(double));
	for (r = 0; r < k; r++) {
		const double *ar = a + r * lda, *br = b + r * ldb;
		for (i = 0; i < n; i++) {
			double *o = out + i * ldo;
			for (j = 0; j < m; j++)
				o[j] += ar[i] * br[j];
		}
	}
}

/* out (n x m, ldo) = a (n x k, lda) * b (k x m, ldb) */
static void
mul_nn(const double *a, size_t lda, const double *b, size_t ldb,
       double *out, size_t ldo, size_t n, size_t k, size_t m)
{
	size_t i, r, j;
	for (i = 0; i < n; i++) {
		double *o = out + i * ldo;
		memset(o, 0, m * sizeof(double));
		for (r = 0; r < k; r++) {
			double air = a[i * lda + r];
			const double *br = b + r * ldb;
			for (j = 0; j < m; j++)
				o[j] += air * br[j];
		}
	}
}

static void
colsum(const double *a, size_t lda, size_t n, size_t m, double *out, size_t stride)
{
	size_t i, j;
	for (j = 0; j < m; j++)
		out[j * stride] = 0.0;
	for (i = 0; i < n; i++, a += lda)
		for (j = 0; j < m; j++)
			out[j * stride] += a[j];
}

/* w += 2 reg W */
static void
add_l2(double *dw, size_t ldd, const double *w, size_t ldw, size_t n, size_t m, double reg)
{
	size_t i, j;
	for (i = 0; i < n; i++, dw += ldd, w += ldw)
		for (j = 0; j < m; j++)
			dw[j] += 2 * reg * w[j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	 double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;
	double *w2t, *row;
	const double *src;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* dz2 */
	for (i = 0; i < N; i++) {
		row = g->dz2->data + i * g->dz2->tda;
		src = cache->prob->data + i * cache->prob->tda;
		memcpy(row, src, C * sizeof(double));
		row[y[i]] -= 1.0;
		for (j = 0; j < C; j++)
			row[j] /= N;
	}

	/* dW2, db2 */
	mul_tn(cache->p1->data, cache->p1->tda, g->dz2->data, g->dz2->tda,
	       g->dW2->data, g->dW2->tda, N, H, C);
	add_l2(g->dW2->data, g->dW2->tda, net->W2->data, net->W2->tda, H, C, reg);
	colsum(g->dz2->data, g->dz2->tda, N, C, g->db2->data, g->db2->stride);

	/* dp1 = dz2 * W2^T, with W2^T (C x H) in scratch */
	w2t = malloc(C * H * sizeof(double));
	if (w2t == NULL)
		return 1;
	for (i = 0; i < H; i++)
		for (j = 0; j < C; j++)
			w2t[j * H + i] = net->W2->data[i * net->W2->tda + j];
	mul_nn(g->dz2->data, g->dz2->tda, w2t, H, g->dp1->data, g->dp1->tda, N, C, H);
	free(w2t);

	/* dz1, in place */
	for (i = 0; i < N; i++) {
		const double *z = cache->z1->data + i * cache->z1->tda;
		row = g->dz1->data + i * g->dz1->tda;
		memcpy(row, g->dp1->data + i * g->dp1->tda, H * sizeof(double));
		for (j = 0; j < H; j++)
			if (!(z[j] > 0.0))
				row[j] = 0.0;
	}

	/* dW1, db1 */
	mul_tn(X->data, X->tda, g->dz1->data, g->dz1->tda,
	       g->dW1->data, g->dW1->tda, N, D, H);
	add_l2(g->dW1->data, g->dW1->tda, net->W1->data, net->W1->tda, D, H, reg);
	colsum(g->dz1->data, g->dz1->tda, N, H, g->db1->data, g->db1->stride);

	g->present = BP_GRADS_ALL;
	return 0;
}
