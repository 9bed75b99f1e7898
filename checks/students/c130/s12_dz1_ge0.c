/*
 * backward.c -- HW5 Q1
 * Sarah MacDonald
 *
 * Working on the raw arrays: element (i,j) is data[i*tda + j].
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    const double *prob = cache->prob->data, *p1 = cache->p1->data;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (prob - onehot) / N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            dz2[i * g->dz2->tda + j] = prob[i * cache->prob->tda + j];
        dz2[i * g->dz2->tda + y[i]] -= 1.0;
        for (j = 0; j < C; j++)
            dz2[i * g->dz2->tda + j] /= (double) N;
    }

    /* dW2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* db2 */
    for (j = 0; j < C; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz2[i * g->dz2->tda + j];
        g->db2->data[j * g->db2->stride] = s;
    }

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1: relu lets the gradient through where the activation is on */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            if (p1[i * cache->p1->tda + j] >= 0.0)
                dz1[i * g->dz1->tda + j] = dp1[i * g->dp1->tda + j];
            else
                dz1[i * g->dz1->tda + j] = 0.0;
        }

    /* dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz1[i * g->dz1->tda + j];
        g->db1->data[j * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
