/* backward.c -- reverse-mode differentiation of the two-layer net
 *
 * forward program                          reversed below as
 *   1  z1 = X*W1 + b1                        block 1 (last)
 *   2  p1 = relu(z1)                         block 2
 *   3  z2 = p1*W2 + b2                       block 3
 *   4  L  = CE(z2, y) + reg*(|W1|^2+|W2|^2)  block 4 (first)
 *
 * Adjoints are seeded by the last line and accumulated from there on.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define ADJ(name, r, c) gsl_matrix *adj_##name = gsl_matrix_calloc((r), (c))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t N = X->size1, D = net->D, H = net->H, C = net->C;
	size_t i, j;
	ADJ(z2, N, C);
	ADJ(W2, H, C);
	ADJ(p1, N, H);
	ADJ(z1, N, H);
	ADJ(W1, D, H);
	gsl_vector *adj_b2 = gsl_vector_calloc(C);
	gsl_vector *adj_b1 = gsl_vector_calloc(H);

	/* block 4:  L = CE(z2, y) + reg*(|W1|^2 + |W2|^2) */
	gsl_matrix_memcpy(adj_W1, net->W1);
	gsl_matrix_scale(adj_W1, 2.0 * reg);
	gsl_matrix_memcpy(adj_W2, net->W2);
	gsl_matrix_scale(adj_W2, 2.0 * reg);
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			gsl_matrix_set(adj_z2, i, j, (gsl_matrix_get(cache->prob, i, j)
			                              - (j == y[i] ? 1.0 : 0.0)) / (double) N);

	/* block 3:  z2 = p1*W2 + b2 */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, adj_z2, 1.0, adj_W2);
	for (i = 0; i < N; i++)
		for (j = 0; j < C; j++)
			*gsl_vector_ptr(adj_b2, j) += gsl_matrix_get(adj_z2, i, j);
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, adj_z2, net->W2, 1.0, adj_p1);

	/* block 2:  p1 = relu(z1) */
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			if (gsl_matrix_get(cache->z1, i, j) > 0.0)
				*gsl_matrix_ptr(adj_z1, i, j) += gsl_matrix_get(adj_p1, i, j);

	/* block 1:  z1 = X*W1 + b1 */
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, adj_z1, 0.0, adj_W1);
	for (i = 0; i < N; i++)
		for (j = 0; j < H; j++)
			*gsl_vector_ptr(adj_b1, j) += gsl_matrix_get(adj_z1, i, j);

	gsl_matrix_memcpy(g->dz2, adj_z2);
	gsl_matrix_memcpy(g->dW2, adj_W2);
	gsl_vector_memcpy(g->db2, adj_b2);
	gsl_matrix_memcpy(g->dp1, adj_p1);
	gsl_matrix_memcpy(g->dz1, adj_z1);
	gsl_matrix_memcpy(g->dW1, adj_W1);
	gsl_vector_memcpy(g->db1, adj_b1);

	gsl_matrix_free(adj_z2);
	gsl_matrix_free(adj_W2);
	gsl_matrix_free(adj_p1);
	gsl_matrix_free(adj_z1);
	gsl_matrix_free(adj_W1);
	gsl_vector_free(adj_b2);
	gsl_vector_free(adj_b1);
	g->present = BP_GRADS_ALL;
	return 0;
}
