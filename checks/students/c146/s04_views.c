/* 两层网络反向传播 (作业3)
 * 尽量用 GSL 自带的向量/矩阵函数, 少写循环 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = g->N;
    gsl_vector *ones;
    gsl_matrix *mask, *regW1;
    size_t i, j;

    if (X->size1 != N || cache->N != N)
        return 1;

    ones = gsl_vector_alloc(N);
    mask = gsl_matrix_alloc(N, net->H);
    regW1 = gsl_matrix_alloc(net->D, net->H);
    gsl_vector_set_all(ones, 1.0);

    /* ---- dz2: every row is prob_i / N, with 1/N taken off at the label ---- */
    for (i = 0; i < N; i++) {
        gsl_vector_const_view prow = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view drow = gsl_matrix_row(g->dz2, i);
        gsl_vector_memcpy(&drow.vector, &prow.vector);
        gsl_vector_scale(&drow.vector, 1.0 / N);
        gsl_vector_set(&drow.vector, y[i],
                       gsl_vector_get(&drow.vector, y[i]) - 1.0 / N);
    }

    /* ---- dW2 = p1^T dz2, plus the regularisation ---- */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (i = 0; i < net->H; i++) {
        gsl_vector_const_view w = gsl_matrix_const_row(net->W2, i);
        gsl_vector_view dw = gsl_matrix_row(g->dW2, i);
        gsl_blas_daxpy(2.0 * reg, &w.vector, &dw.vector);
    }

    /* ---- db2 = dz2^T * 1 ---- */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* ---- dp1 = dz2 W2^T ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* ---- dz1 = dp1 .* (z1 > 0) ---- */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);

    /* ---- dW1 = X^T dz1 + 2 reg W1 ---- */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_matrix_memcpy(regW1, net->W1);
    gsl_matrix_scale(regW1, 2.0 * reg);
    gsl_matrix_add(g->dW1, regW1);

    /* ---- db1 ---- */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_matrix_free(regW1);
    gsl_matrix_free(mask);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
