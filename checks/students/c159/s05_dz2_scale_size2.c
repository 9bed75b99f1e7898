/* backward pass for the 2-layer net -- homework 3
 * t1: (N,C) scores grad, t2: (N,H) hidden grad, t3: ones for the sums */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    gsl_matrix *t1 = gsl_matrix_alloc(N, net->C);
    gsl_matrix *t2 = gsl_matrix_alloc(N, net->H);
    gsl_vector *t3 = gsl_vector_alloc(N);
    gsl_vector_set_all(t3, 1.0);

    // softmax grad: p - 1 at the right class, then average over the batch
    gsl_matrix_memcpy(t1, cache->prob);
    for (i = 0; i < N; i++) {
        double p = gsl_matrix_get(t1, i, y[i]);
        gsl_matrix_set(t1, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(t1, 1.0 / t1->size2);
    gsl_matrix_memcpy(g->dz2, t1);

    // W2 grad
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, t1, 2.0 * reg, g->dW2);

    // b2 grad
    gsl_blas_dgemv(CblasTrans, 1.0, t1, t3, 0.0, g->db2);

    // back into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, t1, net->W2, 0.0, t2);
    gsl_matrix_memcpy(g->dp1, t2);

    // relu
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0) {
                gsl_matrix_set(t2, i, j, 0.0);
            }
        }
    }
    gsl_matrix_memcpy(g->dz1, t2);

    // W1 grad
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, t2, 2.0 * reg, g->dW1);

    // b1 grad
    gsl_blas_dgemv(CblasTrans, 1.0, t2, t3, 0.0, g->db1);

    gsl_matrix_free(t1);
    gsl_matrix_free(t2);
    gsl_vector_free(t3);
    g->present = BP_GRADS_ALL;
    return 0;
}
