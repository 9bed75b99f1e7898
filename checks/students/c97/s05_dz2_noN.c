/* backward.c -- backprop for the 2-layer net (HW3)
 * build: cc -shared -fPIC -DDEBUG ... to get the prints */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t H = net->H, C = net->C;
    size_t i, j;
    double val, acc;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores: softmax minus one-hot, divided by N for the mean */
#if 0
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);
#endif
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dz2, i, j, gsl_matrix_get(cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0));
    }
#ifdef DEBUG
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            printf("%7.4f ", gsl_matrix_get(g->dz2, i, j));
        printf("\n");
    }
#endif

    /* dW2 = hidden^T . dscores + 2*reg*W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* db2 */
    for (j = 0; j < C; j++) {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, acc);
    }
    // printf("db2 = %f %f %f\n", gsl_vector_get(g->db2,0), gsl_vector_get(g->db2,1), gsl_vector_get(g->db2,2));

    /* dhidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* back through relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            val = gsl_matrix_get(g->dp1, i, j);
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                val = 0;
            gsl_matrix_set(g->dz1, i, j, val);
        }

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    for (j = 0; j < H; j++) {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
