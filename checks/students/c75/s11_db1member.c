/*
 * backward.c
 * Backward pass of the 2-layer network, const-correct, small helpers.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out[j] = sum_i A[i][j] */
static inline void colsum(const gsl_matrix *const A, gsl_vector *const out)
{
    for (size_t j = 0; j < A->size2; j++) {
        double s = 0.0;
        for (size_t i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(out, j, s);
    }
}

/* dW = A^T dZ + 2 reg W */
static inline void weight_grad(const gsl_matrix *const A,
                               const gsl_matrix *const dZ,
                               const gsl_matrix *const W, const double reg,
                               gsl_matrix *const dW)
{
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* second layer */
    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    colsum(g->dz2, g->db2);

    /* dp1, dz1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++) {
            const double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    /* first layer */
    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    colsum(g->dp1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
