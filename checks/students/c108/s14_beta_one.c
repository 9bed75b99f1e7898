// backward.c -- 2-layer net backprop, BLAS version
// reg part computed separately into a temp and added with gsl_matrix_add

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    gsl_matrix *regW2 = gsl_matrix_alloc(H, C);
    gsl_matrix *regW1 = gsl_matrix_alloc(D, H);
    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    // scores gradient
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    // W2, b2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix_memcpy(regW2, net->W2);
    gsl_matrix_scale(regW2, 2.0 * reg);
    gsl_matrix_add(g->dW2, regW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    // into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    // W1, b1   (beta = 1: add on top, reg comes after)
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
    gsl_matrix_memcpy(regW1, net->W1);
    gsl_matrix_scale(regW1, 2.0 * reg);
    gsl_matrix_add(g->dW1, regW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_matrix_free(regW2);
    gsl_matrix_free(regW1);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
