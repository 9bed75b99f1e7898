// backward.c  --  HW2 two-layer net, BLAS version
// Author: K. Osei
// I used gsl_blas_dgemm for all three matrix products and a ones vector
// for the bias sums (db = 1^T dZ) so there are no explicit loops except
// for the one-hot part and the relu.

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    gsl_vector *ones = gsl_vector_alloc(N);
    if (!ones) return 1;
    gsl_vector_set_all(ones, 1.0);

    // scores gradient
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // second layer: dW2 = p1^T dz2 + 2*reg*W2  (copy W2 first, beta = 2 reg)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    // back into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    // first layer
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
