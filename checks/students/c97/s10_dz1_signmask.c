/* backward.c
 * two-layer net backward pass, raw data pointers (row i starts at data + i*tda)
 * debug: uncomment the printfs
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double *tmp, *tmp2;
    double acc;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (probs - 1 at y) / N */
    for (i = 0; i < N; i++) {
        tmp = g->dz2->data + i * g->dz2->tda;
        tmp2 = cache->prob->data + i * cache->prob->tda;
        for (j = 0; j < C; j++)
            tmp[j] = tmp2[j] / (double)N;
        tmp[y[i]] -= 1.0 / (double)N;
        //printf("dz2[%zu][y] = %f\n", i, tmp[y[i]]);
    }

    /* dW2, with the reg term through beta */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    for (j = 0; j < C; j++) {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += g->dz2->data[i * g->dz2->tda + j];
        g->db2->data[j * g->db2->stride] = acc;
    }

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu backward: derivative of max(0,x) is 1 where positive, 0 else */
    for (i = 0; i < N; i++) {
        tmp = g->dz1->data + i * g->dz1->tda;
        tmp2 = g->dp1->data + i * g->dp1->tda;
        for (j = 0; j < H; j++)
            tmp[j] = (tmp2[j] > 0) ? tmp2[j] : 0.0;
    }
#ifdef DEBUG
    for (j = 0; j < H; j++)
        printf("z1 %+.3f  dp1 %+.3f  dz1 %+.3f\n", gsl_matrix_get(cache->z1, 0, j),
               gsl_matrix_get(g->dp1, 0, j), gsl_matrix_get(g->dz1, 0, j));
#endif

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    for (j = 0; j < H; j++) {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += g->dz1->data[i * g->dz1->tda + j];
        g->db1->data[j * g->db1->stride] = acc;
    }
    //printf("db1[0] = %f\n", g->db1->data[0]);

    g->present = BP_GRADS_ALL;
    return 0;
}
