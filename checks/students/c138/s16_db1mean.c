/*
 * backward.c -- Assignment 2, backprop for the 2 layer network
 *
 * Uses the raw data pointer (row i of a matrix starts at data + i*tda).
 * The loss is an average over the batch so the bias gradients are the
 * average of the upstream gradient over the batch too.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    const double *prob = cache->prob->data, *z1 = cache->z1->data;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (prob - onehot) / N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            dz2[i * g->dz2->tda + j] = prob[i * cache->prob->tda + j] / N;
        dz2[i * g->dz2->tda + y[i]] -= 1.0 / N;
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 */
    for (j = 0; j < C; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz2[i * g->dz2->tda + j];
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[i * g->dz1->tda + j] = z1[i * cache->z1->tda + j] > 0
                                       ? dp1[i * g->dp1->tda + j] : 0.0;

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 = mean of dz1 over the batch */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz1[i * g->dz1->tda + j];
        gsl_vector_set(g->db1, j, s / N);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
