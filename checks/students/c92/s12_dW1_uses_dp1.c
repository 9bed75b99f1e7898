/*
 *  backward.c
 *  Lab 6 -- gradients of the 2-layer network.
 *
 *  shapes:  X (N,D)  W1 (D,H)  W2 (H,C)
 *           dz2 (N,C) dp1 (N,H) dz1 (N,H)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* sum the rows of A into v (v has A->size2 entries) */
static void col_sum(const gsl_matrix *A, gsl_vector *v)
{
    gsl_vector_set_zero(v);
    for (size_t i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(v, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    gsl_matrix *mask;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* (N,C) */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* (H,N)x(N,C) -> (H,C) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    col_sum(g->dz2, g->db2);

    /* (N,C)x(C,H) -> (N,H) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu: build a 0/1 mask from z1 and multiply */
    mask = gsl_matrix_alloc(N, net->H);
    if (mask == NULL)
        return 1;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);
    gsl_matrix_free(mask);

    /* (D,N)x(N,H) -> (D,H) */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 2.0 * reg, g->dW1);
    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
