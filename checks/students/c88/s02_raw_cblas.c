// Assignment 2 -- backward pass, straight CBLAS on the gsl buffers.
// Everything row-major, leading dimension = tda.

#include <stdlib.h>
#include <gsl/gsl_cblas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const int N = (int) X->size1, D = (int) net->D;
    const int H = (int) net->H, C = (int) net->C;
    gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;
    double *one;
    int i, j;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
        return 1;
    if (!(one = malloc(N * sizeof *one)))
        return 1;
    for (i = 0; i < N; i++)
        one[i] = 1.0;

    // softmax grad, scaled by 1/N
    for (i = 0; i < N; i++) {
        cblas_dcopy(C, cache->prob->data + i * cache->prob->tda, 1,
                    dz2->data + i * dz2->tda, 1);
        dz2->data[i * dz2->tda + y[i]] -= 1.0;
        cblas_dscal(C, 1.0 / N, dz2->data + i * dz2->tda, 1);
    }

    // second layer: dW2 = p1^T dz2, then + 2 reg W2 row by row
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H, C, N,
                1.0, cache->p1->data, cache->p1->tda, dz2->data, dz2->tda,
                0.0, g->dW2->data, g->dW2->tda);
    for (i = 0; i < H; i++)
        cblas_daxpy(C, 2.0 * reg, net->W2->data + i * net->W2->tda, 1,
                    g->dW2->data + i * g->dW2->tda, 1);
    cblas_dgemv(CblasRowMajor, CblasTrans, N, C, 1.0, dz2->data, dz2->tda,
                one, 1, 0.0, g->db2->data, g->db2->stride);

    // back into the hidden layer
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, H, C,
                1.0, dz2->data, dz2->tda, net->W2->data, net->W2->tda,
                0.0, dp1->data, dp1->tda);

    // relu: p1 > 0 exactly where z1 > 0
    for (i = 0; i < N; i++) {
        const double *p = cache->p1->data + i * cache->p1->tda;
        for (j = 0; j < H; j++)
            dz1->data[i * dz1->tda + j] = p[j] > 0 ? dp1->data[i * dp1->tda + j] : 0.0;
    }

    // first layer
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, D, H, N,
                1.0, X->data, X->tda, dz1->data, dz1->tda,
                0.0, g->dW1->data, g->dW1->tda);
    for (i = 0; i < D; i++)
        cblas_daxpy(H, 2.0 * reg, net->W1->data + i * net->W1->tda, 1,
                    g->dW1->data + i * g->dW1->tda, 1);
    cblas_dgemv(CblasRowMajor, CblasTrans, N, H, 1.0, dz1->data, dz1->tda,
                one, 1, 0.0, g->db1->data, g->db1->stride);

    free(one);
    g->present = BP_GRADS_ALL;
    return 0;
}
