/* 課題3 backward   Yamamoto Haruka  (B1-22-0457)
 * 講義ノートの記号: A = X W1 + b1,  H = relu(A),  S = H W2 + b2
 */
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

/* 列ごとの和 (バイアス用) */
static void col_sum(const gsl_matrix *M, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < M->size2; j++) {
        double s = 0.0;
        for (i = 0; i < M->size1; i++)
            s += gsl_matrix_get(M, i, j);
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const gsl_matrix *A = cache->z1;
    const gsl_matrix *W1 = net->W1, *W2 = net->W2;
    gsl_matrix *dS = g->dz2, *dH = g->dp1, *dA = g->dz1;
    size_t N = X->size1, nh = net->H;
    size_t i, j;

    if (N != cache->N || g->N != N)
        return 1;

    /* dS = (P - Y) / N */
    gsl_matrix_memcpy(dS, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dS, i, y[i], gsl_matrix_get(dS, i, y[i]) - 1.0);
    gsl_matrix_scale(dS, 1.0 / N);

    /* 第2層 */
    gsl_matrix_memcpy(g->dW2, W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dS, 2.0 * reg, g->dW2);
    col_sum(dS, g->db2);

    /* 隠れ層 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dS, W2, 0.0, dH);

    /* ReLU の逆伝播 */
    gsl_matrix_memcpy(dA, dH);
    for (i = 0; i < N; i++)
        for (j = 0; j < nh; j++)
            if (gsl_matrix_get(A, i, j) <= 0)
                gsl_matrix_set(dA, i, j, 0.0);

    /* 第1層 */
    gsl_matrix_memcpy(g->dW1, W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dA, 2.0 * reg, g->dW1);
    col_sum(dA, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
