/*
 * backward.c -- backprop for the 2-layer net (exercise 3)
 *
 * To save memory there is ONE weight-sized scratch, wscratch, big enough
 * for either weight matrix; it is viewed as H x C for dW2 and as D x H
 * for dW1.  The weight gradients are sums of per-sample outer products
 * (dger).  hscratch (N x H) is for dp1/dz1.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const size_t wlen = (D * H > H * C) ? D * H : H * C;
    gsl_vector *wscratch = NULL;
    gsl_matrix *hscratch = NULL;
    int status = -1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return -1;

    wscratch = gsl_vector_alloc(wlen);
    if (!wscratch)
        goto cleanup;
    hscratch = gsl_matrix_alloc(N, H);
    if (!hscratch)
        goto cleanup;
    gsl_vector_set_zero(wscratch);

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t n = 0; n < N; n++)
        *gsl_matrix_ptr(g->dz2, n, y[n]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* dW2 = sum_n p1[n]^T dz2[n] + 2 reg W2 */
    {
        gsl_matrix_view w = gsl_matrix_view_vector(wscratch, H, C);
        for (size_t n = 0; n < N; n++) {
            gsl_vector_const_view a = gsl_matrix_const_row(cache->p1, n);
            gsl_vector_view d = gsl_matrix_row(g->dz2, n);
            gsl_blas_dger(1.0, &a.vector, &d.vector, &w.matrix);
        }
        for (size_t h = 0; h < H; h++)
            for (size_t c = 0; c < C; c++)
                gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(&w.matrix, h, c)
                               + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
    }

    /* db2 */
    for (size_t c = 0; c < C; c++) {
        gsl_vector_view col = gsl_matrix_column(g->dz2, c);
        gsl_vector_set(g->db2, c, gsl_vector_sum(&col.vector));
    }

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, hscratch);
    gsl_matrix_memcpy(g->dp1, hscratch);

    /* dz1 */
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++)
            if (gsl_matrix_get(cache->z1, n, h) <= 0.0)
                gsl_matrix_set(hscratch, n, h, 0.0);
    gsl_matrix_memcpy(g->dz1, hscratch);

    /* dW1 = sum_n X[n]^T dz1[n] + 2 reg W1 (wscratch reused) */
    {
        gsl_matrix_view w = gsl_matrix_view_vector(wscratch, D, H);
        for (size_t n = 0; n < N; n++) {
            gsl_vector_const_view x = gsl_matrix_const_row(X, n);
            gsl_vector_view d = gsl_matrix_row(g->dz1, n);
            gsl_blas_dger(1.0, &x.vector, &d.vector, &w.matrix);
        }
        for (size_t k = 0; k < D; k++)
            for (size_t h = 0; h < H; h++)
                gsl_matrix_set(g->dW1, k, h, gsl_matrix_get(&w.matrix, k, h)
                               + 2.0 * reg * gsl_matrix_get(net->W1, k, h));
    }

    /* db1 */
    for (size_t h = 0; h < H; h++) {
        gsl_vector_view col = gsl_matrix_column(g->dz1, h);
        gsl_vector_set(g->db1, h, gsl_vector_sum(&col.vector));
    }

    g->present = BP_GRADS_ALL;
    status = 0;

cleanup:
    gsl_matrix_free(hscratch);
    gsl_vector_free(wscratch);
    return status;
}
