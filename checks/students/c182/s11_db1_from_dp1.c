/*
 * backward.c
 *
 * Matrix products with cblas_dgemm straight on ->data (row major, the
 * leading dimension is tda), the rest with pointer loops.
 */

#include <string.h>
#include <gsl/gsl_cblas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int i, j;
    double *d;
    const double *s;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
        return 1;

    /* dz2: copy prob, take 1 off at the label, divide by N */
    for (i = 0; i < N; i++) {
        d = g->dz2->data + i * g->dz2->tda;
        memcpy(d, cache->prob->data + i * cache->prob->tda, C * sizeof(double));
        d[y[i]] -= 1.0;
        for (j = 0; j < C; j++)
            *d++ /= N;
    }

    /* dW2 = p1' dz2 + 2 reg W2  (W2 copied in first, beta = 1) */
    for (i = 0; i < H; i++) {
        d = g->dW2->data + i * g->dW2->tda;
        s = net->W2->data + i * net->W2->tda;
        for (j = 0; j < C; j++)
            *d++ = 2.0 * reg * *s++;
    }
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H, C, N, 1.0,
                cache->p1->data, cache->p1->tda, g->dz2->data, g->dz2->tda,
                1.0, g->dW2->data, g->dW2->tda);

    /* db2: sum down the rows */
    memset(g->db2->data, 0, C * sizeof(double));
    for (i = 0; i < N; i++) {
        s = g->dz2->data + i * g->dz2->tda;
        d = g->db2->data;
        for (j = 0; j < C; j++)
            *d++ += *s++;
    }

    /* dp1 = dz2 W2' */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, H, C, 1.0,
                g->dz2->data, g->dz2->tda, net->W2->data, net->W2->tda,
                0.0, g->dp1->data, g->dp1->tda);

    /* dz1 = dp1 * (z1 > 0) */
    for (i = 0; i < N; i++) {
        const double *z = cache->z1->data + i * cache->z1->tda;
        s = g->dp1->data + i * g->dp1->tda;
        d = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++, s++, z++)
            *d++ = *z > 0.0 ? *s : 0.0;
    }

    /* dW1 = X' dz1 + 2 reg W1 */
    for (i = 0; i < D; i++) {
        d = g->dW1->data + i * g->dW1->tda;
        s = net->W1->data + i * net->W1->tda;
        for (j = 0; j < H; j++)
            *d++ = 2.0 * reg * *s++;
    }
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, D, H, N, 1.0,
                X->data, X->tda, g->dz1->data, g->dz1->tda,
                1.0, g->dW1->data, g->dW1->tda);

    /* db1: same as db2 */
    memset(g->db1->data, 0, H * sizeof(double));
    for (i = 0; i < N; i++) {
        s = g->dp1->data + i * g->dp1->tda;
        d = g->db1->data;
        for (j = 0; j < H; j++)
            *d++ += *s++;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
