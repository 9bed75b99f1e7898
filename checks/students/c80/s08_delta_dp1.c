/*
 * Homework 3 - backward()
 * Hana T.
 *
 * delta = P - Y is computed once in a scratch matrix and reused.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    gsl_matrix *delta;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    delta = gsl_matrix_alloc(N, net->C);
    ones = gsl_vector_alloc(N);
    if (delta == NULL || ones == NULL) {
        gsl_matrix_free(delta);
        gsl_vector_free(ones);
        return 1;
    }
    gsl_vector_set_all(ones, 1.0);

    /* delta = P - Y */
    gsl_matrix_memcpy(delta, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(delta, i, y[i], gsl_matrix_get(delta, i, y[i]) - 1.0);

    /* backprop into hidden layer: dp1 = delta W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta, net->W2, 0.0, g->dp1);

    /* the loss is a mean, so dz2 = delta / N */
    gsl_matrix_memcpy(g->dz2, delta);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* output layer params */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* relu */
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* hidden layer params */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_matrix_free(delta);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
