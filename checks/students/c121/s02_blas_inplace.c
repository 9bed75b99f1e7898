/*
 * CS 189 hw 3 - backward pass
 * Uses BLAS for the matrix products and the in-place gsl ops
 * (gsl_matrix_scale, gsl_matrix_add, gsl_matrix_mul_elements).
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
    gsl_matrix *regW2, *regW1, *mask;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* scores gradient */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 = p1' * dz2, then + 2*reg*W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    regW2 = gsl_matrix_alloc(net->H, net->C);
    gsl_matrix_memcpy(regW2, net->W2);
    gsl_matrix_scale(regW2, 2.0 * reg);
    gsl_matrix_add(g->dW2, regW2);
    gsl_matrix_free(regW2);

    /* db2 = dz2' * ones */
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* dp1 = dz2 * W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu: build a 0/1 mask from z1 and multiply */
    mask = gsl_matrix_alloc(N, net->H);
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
        }
    }
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);
    gsl_matrix_free(mask);

    /* dW1 = X' * dz1 + 2*reg*W1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    regW1 = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(regW1, net->W1);
    gsl_matrix_scale(regW1, 2.0 * reg);
    gsl_matrix_add(g->dW1, regW1);
    gsl_matrix_free(regW1);

    /* db1, same trick with the ones vector */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
