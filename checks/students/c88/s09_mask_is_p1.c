/*
 * backward.c -- Assignment 2, part 3
 * Penalty first (dW := 2 reg W), then dW += A' dZ with beta = 1.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static int fail(gsl_vector *v) { gsl_vector_free(v); return 1; }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    gsl_vector *ones = gsl_vector_alloc(N);

    if (ones == NULL)
        return 1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return fail(ones);
    gsl_vector_set_all(ones, 1.0);

    /* dscores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; ++i)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* dhidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu'(z1): p1 is already zero wherever z1 <= 0 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, cache->p1);

    /* W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
