/*
 * backward.c - backward pass, two-layer net (lab 3)
 *
 * Hot loops unrolled by 4 over the batch, with a scalar tail for the
 * N % 4 samples left.  Everything on raw row pointers (data + i * tda),
 * restrict so gcc can keep the accumulators in registers.
 */

#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g);

/* s[0..m) = column sums of the n x m matrix a (row stride lda) */
static void colsum4(const double *restrict a, size_t lda, size_t n, size_t m,
		    double *restrict s)
{
	size_t i, j;

	memset(s, 0, m * sizeof(*s));
	for (i = 0; i + 4 <= n; i += 4) {
		const double *r0 = a + i * lda;
		const double *r1 = r0 + lda;
		const double *r2 = r1 + lda;
		const double *r3 = r2 + lda;
		for (j = 0; j < m; j++)
			s[j] += (r0[j] + r1[j]) + (r2[j] + r3[j]);
	}
	for (; i < n; i++) {
		const double *r = a + i * lda;
		for (j = 0; j < m; j++)
			s[j] += r[j];
	}
}

/* out (p x q) = a' b + two_reg w, with a (n x p), b (n x q), w (p x q) */
static void atb_plus(const double *restrict a, size_t lda,
		     const double *restrict b, size_t ldb, size_t n, size_t p,
		     size_t q, const double *restrict w, size_t ldw,
		     double two_reg, double *restrict out, size_t ldo)
{
	size_t r, i, j;

	for (r = 0; r < p; r++) {
		double *o = out + r * ldo;
		const double *wr = w + r * ldw;

		for (j = 0; j < q; j++)
			o[j] = two_reg * wr[j];
		for (i = 0; i + 4 <= n; i += 4) {
			const double a0 = a[i * lda + r];
			const double a1 = a[(i + 1) * lda + r];
			const double a2 = a[(i + 2) * lda + r];
			const double a3 = a[(i + 3) * lda + r];
			const double *b0 = b + i * ldb;
			const double *b1 = b0 + ldb;
			const double *b2 = b1 + ldb;
			const double *b3 = b2 + ldb;
			for (j = 0; j < q; j++)
				o[j] += a0 * b0[j] + a1 * b1[j]
					+ a2 * b2[j] + a3 * b3[j];
		}
		for (; i < n; i++) {
			const double ai = a[i * lda + r];
			const double *bi = b + i * ldb;
			for (j = 0; j < q; j++)
				o[j] += ai * bi[j];
		}
	}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	const double inv_n = 1.0 / (double)N;
	const double two_reg = reg + reg;
	const size_t ldz2 = g->dz2->tda, ldp = g->dp1->tda, ldz1 = g->dz1->tda;
	size_t i, j, k;

	if (N != cache->N || X->size2 != D || g->N != N)
		return 1;

	/* dz2, two columns at a time */
	for (i = 0; i < N; i++) {
		const double *restrict p = cache->prob->data + i * cache->prob->tda;
		double *restrict d = g->dz2->data + i * ldz2;
		for (k = 0; k + 2 <= C; k += 2) {
			d[k] = p[k] * inv_n;
			d[k + 1] = p[k + 1] * inv_n;
		}
		for (; k < C; k++)
			d[k] = p[k] * inv_n;
		d[y[i]] -= inv_n;
	}

	atb_plus(cache->p1->data, cache->p1->tda, g->dz2->data, ldz2, N, H, C,
		 net->W2->data, net->W2->tda, two_reg, g->dW2->data,
		 g->dW2->tda);
	colsum4(g->dz2->data, ldz2, N, C, g->db2->data);

	/* dp1 = dz2 W2', dot products over C by two, and the mask */
	for (i = 0; i < N; i++) {
		const double *restrict d = g->dz2->data + i * ldz2;
		const double *restrict z = cache->z1->data + i * cache->z1->tda;
		double *restrict dp = g->dp1->data + i * ldp;
		double *restrict dz = g->dz1->data + i * ldz1;
		for (j = 0; j < H; j++) {
			const double *restrict w = net->W2->data + j * net->W2->tda;
			double s0 = 0.0, s1 = 0.0;
			for (k = 0; k + 2 <= C; k += 2) {
				s0 += d[k] * w[k];
				s1 += d[k + 1] * w[k + 1];
			}
			for (; k < C; k++)
				s0 += d[k] * w[k];
			dp[j] = s0 + s1;
			dz[j] = z[j] > 0.0 ? dp[j] : 0.0;
		}
	}

	atb_plus(X->data, X->tda, g->dz1->data, ldz1, N, D, H,
		 net->W1->data, net->W1->tda, two_reg, g->dW1->data,
		 g->dW1->tda);
	colsum4(g->dz1->data, ldz1, N, H, g->db1->data);

	g->present = BP_GRADS_ALL;
	return 0;
}
