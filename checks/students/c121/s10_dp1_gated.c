// backward.c -- HW3
// Marcus Lee
//
// Order: dz2 -> (dW2, db2) -> dp1 -> dz1 -> (dW1, db1).

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < C; k++) {
            double t = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i]) t -= 1.0;
            gsl_matrix_set(g->dz2, i, k, t / (double)N);
        }
    }

    // dW2 = p1^T dz2 + 2 reg W2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (size_t h = 0; h < H; h++) {
        double *dw = gsl_matrix_ptr(g->dW2, h, 0);
        for (size_t k = 0; k < C; k++)
            dw[k] += 2.0 * reg * gsl_matrix_get(net->W2, h, k);
    }

    // db2
    for (size_t k = 0; k < C; k++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++) s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    // dp1 = dz2 W2^T, only where the unit was active
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (size_t i = 0; i < N; i++) {
        double *dp = gsl_matrix_ptr(g->dp1, i, 0);
        const double *a = gsl_matrix_const_ptr(cache->p1, i, 0);
        for (size_t h = 0; h < H; h++)
            if (a[h] == 0.0) dp[h] = 0.0;
    }

    // dz1 = dp1 * relu'(z1)
    for (size_t i = 0; i < N; i++) {
        const double *z = gsl_matrix_const_ptr(cache->z1, i, 0);
        const double *dp = gsl_matrix_const_ptr(g->dp1, i, 0);
        double *dz = gsl_matrix_ptr(g->dz1, i, 0);
        for (size_t h = 0; h < H; h++)
            dz[h] = z[h] > 0 ? dp[h] : 0.0;
    }

    // dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1
    for (size_t h = 0; h < H; h++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++) s += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
