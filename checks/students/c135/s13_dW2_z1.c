/* backward.c -- my backward pass for hw3.
 * Scratch: struct Scratch, one static instance, allocated lazily on the
 * first call and freed at the end of the call. */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

struct Scratch {
	gsl_matrix *dscores;
	gsl_matrix *dhidden;
	gsl_matrix *mask;
};
static struct Scratch s;

#define GET gsl_matrix_get
#define SET gsl_matrix_set

/* out = A^T B  (A is N x P, B is N x Q, out is P x Q) */
static void matmul_tn(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
	for (size_t p = 0; p < A->size2; p++)
		for (size_t q = 0; q < B->size2; q++) {
			double t = 0;
			for (size_t n = 0; n < A->size1; n++)
				t += GET(A, n, p) * GET(B, n, q);
			SET(out, p, q, t);
		}
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, H = net->H, C = net->C;

	if (N != cache->N || X->size2 != net->D || g->N != N)
		return 1;
	if (s.dscores == NULL) {
		s.dscores = gsl_matrix_alloc(N, C);
		s.dhidden = gsl_matrix_alloc(N, H);
		s.mask = gsl_matrix_alloc(N, H);
	}

	/* stage 0: relu mask from the forward pass */
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < H; j++)
			SET(s.mask, i, j, GET(cache->z1, i, j) > 0 ? 1.0 : 0.0);

	/* stage 1: dscores */
	for (size_t i = 0; i < N; i++)
		for (size_t k = 0; k < C; k++)
			SET(s.dscores, i, k, (GET(cache->prob, i, k) - (y[i] == k ? 1.0 : 0.0)) / N);
	gsl_matrix_memcpy(g->dz2, s.dscores);

	/* stage 2: dW2 = hidden^T dscores + 2 reg W2 */
	matmul_tn(cache->z1, s.dscores, g->dW2);
	for (size_t j = 0; j < H; j++)
		for (size_t k = 0; k < C; k++)
			SET(g->dW2, j, k, GET(g->dW2, j, k) + 2 * reg * GET(net->W2, j, k));
	for (size_t k = 0; k < C; k++) {
		double t = 0;
		for (size_t i = 0; i < N; i++)
			t += GET(s.dscores, i, k);
		gsl_vector_set(g->db2, k, t);
	}

	/* stage 3: dhidden = dscores W2^T */
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < H; j++) {
			double t = 0;
			for (size_t k = 0; k < C; k++)
				t += GET(s.dscores, i, k) * GET(net->W2, j, k);
			SET(s.dhidden, i, j, t);
		}
	gsl_matrix_memcpy(g->dp1, s.dhidden);

	/* stage 4: through the relu */
	gsl_matrix_mul_elements(s.dhidden, s.mask);
	gsl_matrix_memcpy(g->dz1, s.dhidden);

	/* stage 5 */
	matmul_tn(X, s.dhidden, g->dW1);
	for (size_t d = 0; d < net->D; d++)
		for (size_t j = 0; j < H; j++)
			SET(g->dW1, d, j, GET(g->dW1, d, j) + 2 * reg * GET(net->W1, d, j));
	for (size_t j = 0; j < H; j++) {
		double t = 0;
		for (size_t i = 0; i < N; i++)
			t += GET(s.dhidden, i, j);
		gsl_vector_set(g->db1, j, t);
	}

	gsl_matrix_free(s.dscores);
	gsl_matrix_free(s.dhidden);
	gsl_matrix_free(s.mask);
	s.dscores = s.dhidden = s.mask = NULL;
	g->present = BP_GRADS_ALL;
	return 0;
}
