/* backward.c -- Lab 7 (backpropagation)
 *
 * Notation from the lecture: G = dL/dZ.  Work with the transposes
 *   G2t = dz2^T (C x N),  G1t = dz1^T (H x N)
 * so that a bias gradient is a row sum and a weight gradient is one
 * dgemm with a transposed flag.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double row_sum(const gsl_matrix *A, size_t r)
{
    gsl_vector_const_view v = gsl_matrix_const_row(A, r);
    return gsl_vector_sum(&v.vector);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t n, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix *G2t = gsl_matrix_alloc(C, N);
    gsl_matrix *P1t = gsl_matrix_alloc(H, N);   /* dp1^T */
    gsl_matrix *G1t = gsl_matrix_alloc(H, N);   /* dz1^T */

    /* G2t = (P - Y)^T / N */
    gsl_matrix_transpose_memcpy(G2t, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(G2t, y[n], n, gsl_matrix_get(G2t, y[n], n) - 1.0);
    gsl_matrix_scale(G2t, 1.0 / (double)N);
    gsl_matrix_transpose_memcpy(g->dz2, G2t);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasTrans, 1.0, cache->p1, G2t, 2.0 * reg, g->dW2);

    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, row_sum(G2t, k));

    /* dp1^T = W2 dz2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, net->W2, G2t, 0.0, P1t);
    gsl_matrix_transpose_memcpy(g->dp1, P1t);

    /* dz1^T = dp1^T .* [z1^T > 0] */
    for (k = 0; k < H; k++)
        for (n = 0; n < N; n++)
            gsl_matrix_set(G1t, k, n, gsl_matrix_get(cache->z1, n, k) > 0.0
                           ? gsl_matrix_get(P1t, k, n) : 0.0);
    gsl_matrix_transpose_memcpy(g->dz1, G1t);

    /* dW1 = X^T dz1 + 2 reg W1 = X^T (G1t)^T + ... */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasTrans, 1.0, X, G1t, 2.0 * reg, g->dW1);

    for (k = 0; k < H; k++)
        gsl_vector_set(g->db1, k, row_sum(P1t, k));

    gsl_matrix_free(G2t);
    gsl_matrix_free(P1t);
    gsl_matrix_free(G1t);
    g->present = BP_GRADS_ALL;
    return 0;
}
