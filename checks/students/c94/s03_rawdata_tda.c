/*
 * Assignment 2, part 3: backprop for the 2-layer net, vectorised.
 *
 * The mask loop walks ->data directly with the row stride (tda), the rest
 * is gsl_blas / gsl_matrix calls.  p1 > 0 exactly where z1 > 0 so I take
 * the mask from p1 (the relu output), it is the same thing.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *onehot, *mask;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    onehot = gsl_matrix_calloc(N, C);
    mask = gsl_matrix_alloc(N, H);
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    for (i = 0; i < N; i++) AT(onehot, i, y[i]) = 1.0;

    /* dz2 = (P - Y)/N, done in place in g->dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, onehot);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* W2 grads */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* hidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            AT(mask, i, j) = AT(cache->p1, i, j) > 0.0;
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);

    /* W1 grads */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    gsl_matrix_free(mask);
    gsl_matrix_free(onehot);
    g->present = BP_GRADS_ALL;
    return 0;
}
