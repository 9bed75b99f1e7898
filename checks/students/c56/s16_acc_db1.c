/* hw6: backward.c */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t H = net->H;
    size_t C = net->C;
    double acc;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    // dz2
    for (size_t c = 0; c < C; c++) {
        for (size_t i = 0; i < N; i++) {
            double v = gsl_matrix_get(cache->prob, i, c);
            if (y[i] == c) v = v - 1.0;
            gsl_matrix_set(g->dz2, i, c, v / (double) N);
        }
    }

    // dW2 = p1^T dz2 + 2*reg*W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    // db2
    for (size_t c = 0; c < C; c++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++) s += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, s);
    }

    // dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 where z1 > 0
    for (size_t h = 0; h < H; h++) {
        for (size_t i = 0; i < N; i++) {
            double m = gsl_matrix_get(cache->z1, i, h) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, h, m * gsl_matrix_get(g->dp1, i, h));
        }
    }

    // dW1 = X^T dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    // db1
    acc = 0.0;
    for (size_t h = 0; h < H; h++) {
        for (size_t i = 0; i < N; i++) acc += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
