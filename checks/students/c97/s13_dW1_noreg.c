/* backward.c -- backprop for TwoLayerNet in C
 * PRINTM(M) prints a whole matrix when compiled with -DDEBUG */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#ifdef DEBUG
#define PRINTM(M) do { \
        fprintf(stderr, #M " =\n"); \
        gsl_matrix_fprintf(stderr, (M), "%10.6f"); \
    } while (0)
#else
#define PRINTM(M) do { } while (0)
#endif

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double tmp;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* softmax grad */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            tmp = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) tmp -= 1.0;
            gsl_matrix_set(g->dz2, i, j, tmp / N);
        }
    }
    PRINTM(g->dz2);

    /* dW2: W2 copied in, dgemm with beta = 2*reg adds the reg term */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    PRINTM(g->dW2);

    for (j = 0; j < C; j++) {
        tmp = 0;
        for (i = 0; i < N; i++) tmp += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, tmp);
    }

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    PRINTM(g->dp1);

    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            tmp = gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0;
            gsl_matrix_set(g->dz1, i, j, tmp);
        }
    }
    PRINTM(g->dz1);

    /* dW1: same trick as dW2, W1 copied in, beta = 2*reg */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    PRINTM(g->dW1);
    // printf("reg = %f\n", reg);

    for (j = 0; j < H; j++) {
        tmp = 0;
        for (i = 0; i < N; i++) tmp += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, tmp);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
