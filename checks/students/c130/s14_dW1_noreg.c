// backward.c  --  A3 part 2, two-layer net
// Emily Fraser
//
// Strategy: products with dgemm (beta = 0), then add the regularization
// gradient 2*reg*W on top of the weight gradients.

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++) {
            double ind = (c == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, c, (gsl_matrix_get(cache->prob, i, c) - ind) / N);
        }

    // dW2 = p1^T dz2 + 2 reg W2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c)
                           + 2.0 * reg * gsl_matrix_get(net->W2, h, c));

    // db2
    for (size_t c = 0; c < C; c++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, s);
    }

    // dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 * (z1 > 0)
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++) {
            double on = gsl_matrix_get(cache->z1, i, h) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, h, on * gsl_matrix_get(g->dp1, i, h));
        }

    // dW1 = X^T dz1
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

    // db1
    for (size_t h = 0; h < H; h++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
