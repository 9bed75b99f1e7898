/*
 * 課題3  2層ニューラルネットの逆伝播
 * 学籍番号 B9TB2041  佐藤 健太
 *
 * 中間の勾配は一時行列 dS, dH, dA で計算してから g にコピーする。
 * バイアスの勾配は ones ベクトルとの dgemv で求める（ループを使わない）。
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t H = net->H;
    const size_t C = net->C;
    size_t i, j;

    gsl_matrix *dS = gsl_matrix_alloc(N, C);
    gsl_matrix *dH = gsl_matrix_alloc(N, H);
    gsl_matrix *dA = gsl_matrix_alloc(N, H);
    gsl_matrix *RW2 = gsl_matrix_alloc(H, C);
    gsl_matrix *RW1 = gsl_matrix_alloc(net->D, H);
    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* softmax の勾配: dS = (P - Y) / N */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
        {
            double p = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                p -= 1.0;
            gsl_matrix_set(dS, i, j, p / (double) N);
        }
    }
    gsl_matrix_memcpy(g->dz2, dS);

    /* 第2層: dW2 = H^T dS + 2 reg W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dS, 0.0, g->dW2);
    gsl_matrix_memcpy(RW2, net->W2);
    gsl_matrix_scale(RW2, 2.0 * reg);
    gsl_matrix_add(g->dW2, RW2);

    /* db2 = dS^T 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, dS, ones, 0.0, g->db2);

    /* 隠れ層へ: dH = dS W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dS, net->W2, 0.0, dH);
    gsl_matrix_memcpy(g->dp1, dH);

    /* ReLU: A <= 0 のところは勾配を通さない */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(dA, i, j, gsl_matrix_get(dH, i, j));
            else
                gsl_matrix_set(dA, i, j, 0.0);
        }
    }
    gsl_matrix_memcpy(g->dz1, dA);

    /* 第1層: dW1 = X^T dA + 2 reg W1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dA, 0.0, g->dW1);
    gsl_matrix_memcpy(RW1, net->W1);
    gsl_matrix_scale(RW1, 2.0 * reg);
    gsl_matrix_add(g->dW1, RW1);

    /* db1 = dA^T 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, dA, ones, 0.0, g->db1);

    gsl_matrix_free(dS);
    gsl_matrix_free(dH);
    gsl_matrix_free(dA);
    gsl_matrix_free(RW2);
    gsl_matrix_free(RW1);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
