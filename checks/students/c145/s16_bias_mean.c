/*
 * backward.c  -- 課題3
 * 高橋 美咲  (学籍番号 1B22-0718)
 *
 * Layer gradients with a small helper for the bias.
 * dW = In^T dZ + 2 reg W
 * db = mean of dZ over the batch
 */
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

static void
bias_grad(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t n = dZ->size1, m = dZ->size2, i, j;

    for (j = 0; j < m; j++)
    {
        double s = 0.0;
        for (i = 0; i < n; i++)
            s += gsl_matrix_get(dZ, i, j);
        gsl_vector_set(db, j, s / (double) n);
    }
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || g->N != N || X->size2 != net->D)
        return 1;

    /* dS = (P - Y) / N */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dz2, i, j, gsl_matrix_get(cache->prob, i, j) / (double) N);
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0 / (double) N);
    }

    /* layer 2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    bias_grad(g->dz2, g->db2);

    /* dH = dS W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dA = dH (A > 0) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* layer 1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
