/*
 * backward.c
 *
 * Raw row pointers for the elementwise parts, BLAS for the three
 * matrix products (much less to get wrong).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t H = net->H, C = net->C;
    size_t i, j;

    /* scores: dz2 = (prob - Y) / N, one row at a time */
    for (i = 0; i < N; i++)
    {
        const double *pr = cache->prob->data + i * cache->prob->tda;
        double *d = g->dz2->data + i * g->dz2->tda;
        for (j = 0; j < C; j++)
            d[j] = pr[j] / (double)N;
        d[y[i]] -= 1.0 / (double)N;
    }

    /* dW2 = p1' dz2 + 2 reg W2: put W2 in first, then dgemm with beta = 2 reg */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 */
    for (j = 0; j < C; j++)
        g->db2->data[j] = 0.0;
    for (i = 0; i < N; i++)
    {
        const double *d = g->dz2->data + i * g->dz2->tda;
        for (j = 0; j < C; j++)
            g->db2->data[j] += d[j];
    }

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu gate (p1 > 0 is the same thing as z1 > 0) */
    for (i = 0; i < N; i++)
    {
        const double *a = cache->p1->data + i * cache->p1->tda;
        const double *dp = g->dp1->data + i * g->dp1->tda;
        double *dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++)
            dz[j] = a[j] > 0.0 ? dp[j] : 0.0;
    }

    /* dW1 = X' dz1, reg term added over the whole block afterwards */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    {
        double *dw = g->dW1->data;
        const double *w = net->W1->data;
        size_t n = net->D * H;
        for (i = 0; i < n; i++)
            dw[i] += 2.0 * reg * w[i];
    }

    /* db1 */
    for (j = 0; j < H; j++)
        g->db1->data[j] = 0.0;
    for (i = 0; i < N; i++)
    {
        const double *dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++)
            g->db1->data[j] += dz[j];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
