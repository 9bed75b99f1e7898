// hw3 backward -- raw data pointers, it is much faster than get/set
// remember: row i of A starts at A->data + i*A->tda  (tda may be > size2!)
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define EL(A, i, j) ((A)->data[(i) * (A)->tda + (j)])

struct grads_local {
	gsl_matrix *dscores, *dhidden, *dW1, *dW2;
	gsl_vector *db1, *db2;
};

static void mcopy(gsl_matrix *dst, const gsl_matrix *src)
{
	for (size_t i = 0; i < src->size1; i++)
		for (size_t j = 0; j < src->size2; j++)
			EL(dst, i, j) = EL(src, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
	     double reg, const bp_cache *cache, bp_grads *g)
{
	const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	struct grads_local *L = malloc(sizeof *L);

	L->dscores = gsl_matrix_calloc(N, C);
	L->dhidden = gsl_matrix_calloc(N, H);
	L->dW1 = gsl_matrix_calloc(D, H);
	L->dW2 = gsl_matrix_calloc(H, C);
	L->db1 = gsl_vector_calloc(H);
	L->db2 = gsl_vector_calloc(C);

	// softmax + cross entropy
	for (size_t i = 0; i < N; i++) {
		for (size_t c = 0; c < C; c++)
			EL(L->dscores, i, c) = EL(cache->prob, i, c) / (double)N;
		EL(L->dscores, i, y[i]) -= 1.0 / (double)N;
	}

	// W2, b2 : accumulate sample by sample
	for (size_t i = 0; i < N; i++)
		for (size_t h = 0; h < H; h++)
			for (size_t c = 0; c < C; c++)
				EL(L->dW2, h, c) += EL(cache->p1, i, h) * EL(L->dscores, i, c);
	for (size_t h = 0; h < H; h++)
		for (size_t c = 0; c < C; c++)
			EL(L->dW2, h, c) += 2 * reg * EL(net->W2, h, c);
	for (size_t i = 0; i < N; i++)
		for (size_t c = 0; c < C; c++)
			L->db2->data[c * L->db2->stride] += EL(L->dscores, i, c);

	// dhidden = dscores * W2'
	for (size_t i = 0; i < N; i++)
		for (size_t h = 0; h < H; h++) {
			double s = 0;
			for (size_t c = 0; c < C; c++)
				s += EL(L->dscores, i, c) * EL(net->W2, h, c);
			EL(L->dhidden, i, h) = s;
		}
	mcopy(g->dp1, L->dhidden);	// dp1 out now, dhidden is reused for dz1

	// relu backward, in place
	for (size_t i = 0; i < N; i++)
		for (size_t h = 0; h < H; h++)
			if (!(EL(cache->z1, i, h) > 0))
				EL(L->dhidden, i, h) = 0;

	// W1, b1
	for (size_t i = 0; i < N; i++)
		for (size_t d = 0; d < D; d++)
			for (size_t h = 0; h < H; h++)
				EL(L->dW1, d, h) += EL(X, i, d) * EL(L->dhidden, i, h);
	for (size_t d = 0; d < D; d++)
		for (size_t h = 0; h < H; h++)
			EL(L->dW1, d, h) += 2 * reg * EL(net->W1, d, h);
	for (size_t i = 0; i < N; i++)
		for (size_t h = 0; h < H; h++)
			L->db1->data[h * L->db1->stride] += EL(L->dhidden, i, h);

	// everything else into g
	mcopy(g->dz2, L->dscores);
	mcopy(g->dW2, L->dW2);
	mcopy(g->dz1, L->dhidden);
	mcopy(g->dW1, L->dW1);
	for (size_t c = 0; c < C; c++)
		g->db2->data[c * g->db2->stride] = L->db2->data[c * L->db2->stride];
	for (size_t h = 0; h < H; h++)
		g->db1->data[h * g->db1->stride] = L->db1->data[h * L->db1->stride];
	g->present = BP_GRADS_ALL;

	gsl_matrix_free(L->dscores);
	gsl_matrix_free(L->dhidden);
	gsl_matrix_free(L->dW1);
	gsl_matrix_free(L->dW2);
	gsl_vector_free(L->db1);
	gsl_vector_free(L->db2);
	free(L);
	return 0;
}
