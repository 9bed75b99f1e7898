#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

/* backward pass. compile: see Makefile.  -- jk */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    int N = X->size1, D = net->D, H = net->H, C = net->C;
    int i, j;
    double s;

    if ((size_t)N != cache->N || X->size2 != net->D || g->N != (size_t)N)
        return 1;
    (void)D;

    // dz2
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            s = gsl_matrix_get(cache->prob, i, j);
            if (j == (int)y[i]) s -= 1;
            gsl_matrix_set(g->dz2, i, j, s / N);
        }
    }

    // dW2 and db2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2*reg, g->dW2);
    for (j = 0; j < C; j++) {
        s = 0;
        for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    // dp1
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 but zero where the relu was off
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0);
        }
    }
    //printf("dz1 ok\n");

    // dW1 and db1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2*reg, g->dW1);
    for (j = 0; j < H; j++) {
        s = 0;
        for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
