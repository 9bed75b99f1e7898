/* backward.c -- HW3 two-layer net, backward pass
 * 2021-12345  Kim Minjun
 *
 * Follows lecture note 6 (p.14-17): every product with dgemm,
 * loops only for softmax / ReLU mask / bias.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double s;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* 1. dS = (P - Y) / N   (P = softmax, Y = one-hot) */
    gsl_matrix *dS = g->dz2;
    gsl_matrix_memcpy(dS, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dS, i, y[i], gsl_matrix_get(dS, i, y[i]) - 1.0);
    gsl_matrix_scale(dS, 1.0 / N);

    /* 2. gW2 = H^T dS + 2 reg W2  (H = relu output) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dS, 2.0 * reg, g->dW2);

    /* 3. gb2 = column sum of dS */
    for (j = 0; j < C; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(dS, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* 4. dH = dS W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dS, net->W2, 0.0, g->dp1);

    /* 5. dA = dH * 1(A > 0) */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* 6. gW1 = X^T dA + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* 7. gb1 */
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
