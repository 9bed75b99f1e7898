// Backward pass for the 2 layer net (HW3)
// bias gradients = dgemv with a vector of ones, relu = elementwise mask

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_matrix *mask = gsl_matrix_alloc(N, net->H);
    gsl_matrix *regW2 = gsl_matrix_alloc(net->H, net->C);
    gsl_matrix *regW1 = gsl_matrix_alloc(net->D, net->H);
    if (!ones || !mask || !regW2 || !regW1) {
        gsl_vector_free(ones); gsl_matrix_free(mask);
        gsl_matrix_free(regW2); gsl_matrix_free(regW1);
        return 1;
    }
    gsl_vector_set_all(ones, 1.0);

    // softmax gradient
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // W2: p1^T dz2, then + 2*reg*W2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix_memcpy(regW2, net->W2);
    gsl_matrix_scale(regW2, 2.0 * reg);
    gsl_matrix_add(g->dW2, regW2);

    // b2 = dz2^T * ones
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    // back into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu: mask is 1 where z1 > 0
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);

    // W1
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_matrix_memcpy(regW1, net->W1);
    gsl_matrix_scale(regW1, 2.0 * reg);
    gsl_matrix_add(g->dW1, regW1);

    // b1 = dz1^T * ones
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    gsl_matrix_free(mask);
    gsl_matrix_free(regW2);
    gsl_matrix_free(regW1);
    g->present = BP_GRADS_ALL;
    return 0;
}
