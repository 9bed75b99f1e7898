/* 과제3 - 2층 신경망 역전파
 * 컴퓨터공학과 2021-15530 오지민
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != D)
        return 1;

    gsl_matrix *dS = gsl_matrix_alloc(N, C);
    gsl_matrix *dH = gsl_matrix_alloc(N, H);
    gsl_matrix *dA = gsl_matrix_alloc(N, H);

    // 1) dS = (P - Y) / N
    gsl_matrix_memcpy(dS, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dS, i, y[i], gsl_matrix_get(dS, i, y[i]) - 1.0);
    gsl_matrix_scale(dS, 1.0 / N);

    // 2) gW2 = H^T dS + 2*reg*W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dS, 2.0 * reg, g->dW2);

    // 3) gb2
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + gsl_matrix_get(dS, i, j));

    // 4) dH = dS W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dS, net->W2, 0.0, dH);

    // 5) dA = dH * (A > 0)   (relu 미분)
    gsl_matrix_memcpy(dA, dH);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(dA, i, j, 0.0);

    // 6) gW1 = X^T dA + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dH, 2.0 * reg, g->dW1);

    // 7) gb1
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(dA, i, j));

    // 결과 복사
    gsl_matrix_memcpy(g->dz2, dS);
    gsl_matrix_memcpy(g->dp1, dH);
    gsl_matrix_memcpy(g->dz1, dA);

    gsl_matrix_free(dS);
    gsl_matrix_free(dH);
    gsl_matrix_free(dA);

    g->present = BP_GRADS_ALL;
    return 0;
}
