/*
 * backward.c
 * Author: Hannah Kowalczyk
 *
 * Bias gradients: start the running sum from the first row and add the
 * others (saves one addition per column).
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    /* 1. scores */
    for (size_t row = 0; row < N; row++) {
        for (size_t col = 0; col < C; col++) {
            double target = (col == y[row]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, row, col, (gsl_matrix_get(cache->prob, row, col) - target) / N);
        }
    }

    /* 2. dW2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* 3. db2 */
    for (size_t col = 0; col < C; col++) {
        double running = gsl_matrix_get(g->dz2, 0, col);
        for (size_t row = 0; row < N; row++) {
            running += gsl_matrix_get(g->dz2, row, col);
        }
        gsl_vector_set(g->db2, col, running);
    }

    /* 4. dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* 5. dz1 */
    for (size_t row = 0; row < N; row++) {
        for (size_t col = 0; col < H; col++) {
            double gate = gsl_matrix_get(cache->z1, row, col) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, row, col, gate * gsl_matrix_get(g->dp1, row, col));
        }
    }

    /* 6. dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* 7. db1 */
    for (size_t col = 0; col < H; col++) {
        double running = gsl_matrix_get(g->dz1, 0, col);
        for (size_t row = 1; row < N; row++) {
            running += gsl_matrix_get(g->dz1, row, col);
        }
        gsl_vector_set(g->db1, col, running);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
