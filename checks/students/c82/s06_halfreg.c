/* backward.c
 * Tomasz W., section B
 *
 * Gradient of the softmax + L2 loss. Regularization gradient is reg*W
 * (from d/dW of 0.5*reg*W^2 in the notes). */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // 1. dz2
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t n = 0; n < N; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // 2. dW2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (size_t h = 0; h < net->H; h++)
        for (size_t c = 0; c < net->C; c++)
            gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c) + reg * gsl_matrix_get(net->W2, h, c));

    // 3. db2
    for (size_t c = 0; c < net->C; c++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, c);
        double s = 0;
        for (size_t n = 0; n < N; n++)
            s += gsl_vector_get(&col.vector, n);
        gsl_vector_set(g->db2, c, s);
    }

    // 4. dp1
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // 5. dz1
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < net->H; h++)
            gsl_matrix_set(g->dz1, n, h,
                           gsl_matrix_get(cache->z1, n, h) > 0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);

    // 6. dW1  (no 1/2 in this assignment's loss -> 2*reg)
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (size_t d = 0; d < net->D; d++)
        for (size_t h = 0; h < net->H; h++)
            gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h) + 2 * reg * gsl_matrix_get(net->W1, d, h));

    // 7. db1
    for (size_t h = 0; h < net->H; h++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, h);
        double s = 0;
        for (size_t n = 0; n < N; n++)
            s += gsl_vector_get(&col.vector, n);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
