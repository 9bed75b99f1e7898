// backward.c - my backward pass for the two layer net
// COMP3720 A2, Q3
//
// dz2 is softmax minus the one-hot, averaged over the batch.
// Everything after that is matrix products, done with dgemm.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    // 1. dz2: start from the probabilities, average, then take 1 off
    //    at the true class
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / N);
    for (size_t i = 0; i < N; i++) {
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }

    // 2. dW2 = p1^T dz2 + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    // 3. db2 = sum over the samples
    for (size_t c = 0; c < net->C; c++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, c);
        double total = 0.0;
        for (size_t i = 0; i < N; i++) {
            total += gsl_vector_get(&col.vector, i);
        }
        gsl_vector_set(g->db2, c, total);
    }

    // 4. dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // 5. dz1 = dp1 where z1 > 0
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double val = 0.0;
            if (gsl_matrix_get(cache->z1, i, h) > 0.0) {
                val = gsl_matrix_get(g->dp1, i, h);
            }
            gsl_matrix_set(g->dz1, i, h, val);
        }
    }

    // 6. dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // 7. db1
    for (size_t h = 0; h < H; h++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, h);
        double total = 0.0;
        for (size_t i = 0; i < N; i++) {
            total += gsl_vector_get(&col.vector, i);
        }
        gsl_vector_set(g->db1, h, total);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
