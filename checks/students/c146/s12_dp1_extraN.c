// ================================================
//  深度学习 第三次作业  backward.c
//  两层网络: X -> fc1 -> relu -> fc2 -> softmax
// ================================================
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = g->N, H = g->H, C = g->C;
    size_t i, j;
    double s;

    if (X->size1 != N || cache->N != N)
        return -1;

    // softmax + cross entropy 的梯度
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // fc2 反向
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    for (j = 0; j < C; j++) {
        s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }
    // 对 p1 的梯度, 要对 batch 取平均
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0 / N, g->dz2, net->W2, 0.0, g->dp1);

    // relu 反向
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0);
            else
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
        }
    }

    // fc1 反向
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    for (j = 0; j < H; j++) {
        s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
