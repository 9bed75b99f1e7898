/*
 * backward.c -- hand-coded backward pass (two layer net)
 *
 * The relu derivative is kept as an int flag (0 or 1) and multiplied in.
 * BLAS does the matrix products.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N, H, C, i, j, on;
    double *dz, *out;
    const double *zr, *dp;
    double s;

    N = (int) X->size1;
    H = (int) net->H;
    C = (int) net->C;
    if (N != (int) cache->N || H != (int) cache->H || C != (int) cache->C)
        return 1;

    /* dz2 = (prob - onehot) / N, row by row */
    for (i = 0; i < N; i++) {
        dz = g->dz2->data + i * g->dz2->tda;
        zr = cache->prob->data + i * cache->prob->tda;
        for (j = 0; j < C; j++)
            *dz++ = *zr++ / (double) N;
        g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0 / (double) N;
    }

    /* dW2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 */
    for (j = 0; j < C; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 * relu'(z1) */
    for (i = 0; i < N; i++) {
        out = g->dz1->data + i * g->dz1->tda;
        zr = cache->z1->data + i * cache->z1->tda;
        dp = g->dp1->data + i * g->dp1->tda;
        for (j = 0; j < H; j++) {
            on = (int) zr[j] > 0;       /* 1 if the unit was active */
            out[j] = on * dp[j];
        }
    }

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
