// backward.c  Emil S.  ML2 hw 3
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

    // scores gradient: start from the probabilities ...
    gsl_matrix_memcpy(g->dz2, cache->prob);
    // ... subtract 1 at the true class ...
    for (size_t i = 0; i < C; i++) {
        double v = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], v - 1);
    }
    // ... and average over the batch
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // second layer
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    for (size_t c = 0; c < C; c++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, c);
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, c, s);
    }

    // back into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++) {
            double z = gsl_matrix_get(cache->z1, i, h);
            gsl_matrix_set(g->dz1, i, h, z > 0 ? gsl_matrix_get(g->dp1, i, h) : 0);
        }

    // first layer
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    for (size_t h = 0; h < H; h++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, h);
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
