// backward.c
// Rust person here. Small pure fns, everything const that can be,
// no hidden state. GSL's get/set are the "safe indexing".

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double col_sum(const gsl_matrix *const m, const size_t col)
{
    double acc = 0.0;
    for (size_t row = 0; row < m->size1; row++)
        acc += gsl_matrix_get(m, row, col);
    return acc;
}

static double softmax_ce_grad(const double p, const int is_target, const size_t n)
{
    return (p - (is_target ? 1.0 : 0.0)) / (double)n;
}

static double relu_back(const double upstream, const double pre)
{
    return pre > 0.0 ? upstream : 0.0;
}

// dw = a^T * dz + 2 reg w   (dw must not alias anything)
static int dense_weight_grad(const gsl_matrix *const a, const gsl_matrix *const dz,
                             const gsl_matrix *const w, const double reg,
                             gsl_matrix *const dw)
{
    gsl_matrix_memcpy(dw, w);
    return gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, a, dz, 2.0 * reg, dw);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t n = X->size1, h_dim = net->H, c_dim = net->C;
    if (n != cache->N || X->size2 != net->D || g->N != n)
        return 1;

    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < c_dim; k++)
            gsl_matrix_set(g->dz2, i, k,
                           softmax_ce_grad(gsl_matrix_get(cache->prob, i, k), k == y[i], n));

    if (dense_weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2) != 0)
        return 1;

    // db2 = dz2.mean(axis=0)
    for (size_t k = 0; k < c_dim; k++)
        gsl_vector_set(g->db2, k, col_sum(g->dz2, k) / (double)n);

    if (gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1) != 0)
        return 1;

    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < h_dim; j++)
            gsl_matrix_set(g->dz1, i, j,
                           relu_back(gsl_matrix_get(g->dp1, i, j), gsl_matrix_get(cache->z1, i, j)));

    if (dense_weight_grad(X, g->dz1, net->W1, reg, g->dW1) != 0)
        return 1;

    for (size_t j = 0; j < h_dim; j++)
        gsl_vector_set(g->db1, j, col_sum(g->dz1, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
