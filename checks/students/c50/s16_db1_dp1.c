// backward.c -- ML assignment 4
// bias gradients as (matrix)^T * ones with gsl_blas_dgemv
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    // dz2
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++) {
            double v = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                v -= 1.0;
            gsl_matrix_set(g->dz2, i, j, v / N);
        }

    // dW2 = p1^T dz2 + 2*reg*W2
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++) {
            double s = 2 * reg * gsl_matrix_get(net->W2, i, j);
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
            gsl_matrix_set(g->dW2, i, j, s);
        }

    // db2 = dz2^T * 1
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    // dp1 = dz2 W2^T
    for (k = 0; k < N; k++)
        for (i = 0; i < H; i++) {
            double s = 0;
            for (j = 0; j < C; j++)
                s += gsl_matrix_get(g->dz2, k, j) * gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dp1, k, i, s);
        }

    // dz1 = dp1 * (z1 > 0)
    for (k = 0; k < N; k++)
        for (i = 0; i < H; i++)
            gsl_matrix_set(g->dz1, k, i, gsl_matrix_get(cache->z1, k, i) > 0 ? gsl_matrix_get(g->dp1, k, i) : 0);

    // dW1 = X^T dz1 + 2*reg*W1
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double s = 2 * reg * gsl_matrix_get(net->W1, i, j);
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, s);
        }

    // db1 = dz1^T * 1
    gsl_blas_dgemv(CblasTrans, 1.0, g->dp1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
