// backward.c for homework 3
// z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, softmax + cross entropy

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k,
                (gsl_matrix_get(cache->prob, i, k) - (k == y[i])) / N);

    // dW2, db2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    for (size_t k = 0; k < C; k++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    // dp1
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 (relu)
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (!(gsl_matrix_get(cache->z1, i, j) > 0))
                gsl_matrix_set(g->dz1, i, j, 0.0);

    // dW1, db1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    for (size_t j = 0; j < H; j++) {
        double s = 0;
        for (size_t i = 0; i < N - 1; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
