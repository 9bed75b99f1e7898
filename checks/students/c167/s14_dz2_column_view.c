// backward.c -- backprop for TwoLayerNet, C version
// using column views wherever I can

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores = probs, minus 1 at the correct class
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view correct = gsl_matrix_column(g->dz2, y[i]);
        gsl_vector_add_constant(&correct.vector, -1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    // dW2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    // db2
    for (size_t k = 0; k < C; k++) {
        gsl_vector_view col = gsl_matrix_column(g->dz2, k);
        gsl_vector_set(g->db2, k, gsl_vector_sum(&col.vector));
    }

    // dhidden
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu
    for (size_t k = 0; k < H; k++) {
        gsl_vector_const_view zc = gsl_matrix_const_column(cache->z1, k);
        gsl_vector_const_view pc = gsl_matrix_const_column(g->dp1, k);
        gsl_vector_view dc = gsl_matrix_column(g->dz1, k);
        for (size_t i = 0; i < N; i++)
            gsl_vector_set(&dc.vector, i, gsl_vector_get(&zc.vector, i) > 0.0
                                              ? gsl_vector_get(&pc.vector, i) : 0.0);
    }

    // dW1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1
    for (size_t k = 0; k < H; k++) {
        gsl_vector_view col = gsl_matrix_column(g->dz1, k);
        gsl_vector_set(g->db1, k, gsl_vector_sum(&col.vector));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
