/*
 * backward.c -- Neural Networks, homework 3
 *
 * Matrices used:
 *   Y    (N x C)  one-hot of y
 *   M    (N x H)  relu mask
 *   one  (N)      vector of ones
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* 0/1 matrix of the positive entries of A */
static gsl_matrix *
make_mask(const gsl_matrix *A)
{
    gsl_matrix *M = gsl_matrix_alloc(A->size1, A->size2);
    size_t i, j;

    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_matrix_set(M, i, j, gsl_matrix_get(A, i, j) > 0.0);
    return M;
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, C = net->C, i;
    gsl_matrix *Y, *M;
    gsl_vector *one;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    Y = gsl_matrix_calloc(N, C);
    for (i = 0; i < N; i++)
        gsl_matrix_set(Y, i, y[i], 1.0);
    one = gsl_vector_alloc(N);
    gsl_vector_set_all(one, 1.0);

    /* softmax loss gradient */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, Y);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* output layer: dW2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0,
                   g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

    /* back through W2 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                   g->dp1);

    /* back through the relu */
    M = make_mask(g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, M);

    /* input layer: dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

    gsl_matrix_free(Y);
    gsl_matrix_free(M);
    gsl_vector_free(one);
    g->present = BP_GRADS_ALL;
    return 0;
}
