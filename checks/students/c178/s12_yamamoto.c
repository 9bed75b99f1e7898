/*
 * backward.c  (Report 3)
 * Yamamoto Kenta  2251066
 *
 * dgemm for the two weight gradients (C = alpha op(A) op(B) + beta C),
 * loops for the rest.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* 1. dz2 */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, i, k);
            gsl_matrix_set(g->dz2, i, k, (k == y[i] ? p - 1.0 : p) / (double) N);
        }
    }

    /* 2. dW2 = p1^T dz2, then add 2 reg W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double w = gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k) + 2.0 * reg * w);
        }
    }

    /* 3. db2 */
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* 4. dp1 = dz2 W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* 5. dz1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }
    }

    /* 6. dW1 = X^T dz1 + 2 reg W1  (W1 copied first, beta = 2 reg) */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* 7. db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
