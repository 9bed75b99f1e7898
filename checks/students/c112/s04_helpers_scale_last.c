/*
 * backward.c  --  CS231n two-layer net, backward pass
 *
 * dz2 is kept as (prob - onehot) without the 1/N while it is used, and
 * the 1/N is put on each gradient after its BLAS call.  dz2 gets its own
 * 1/N at the very end (after dp1!).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* v[j] = sum_i A[i][j] */
static void col_sums(const gsl_matrix *A, gsl_vector *v)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double s = 0.0;
        for (i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(v, j, s);
    }
}

/* dz <- dz * [z > 0], in place */
static void relu_mask(gsl_matrix *dz, const gsl_matrix *z)
{
    size_t i, j;
    for (i = 0; i < dz->size1; i++)
        for (j = 0; j < dz->size2; j++)
            if (gsl_matrix_get(z, i, j) <= 0.0)
                gsl_matrix_set(dz, i, j, 0.0);
}

/* dW <- dW + 2 reg W */
static void add_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t i, j;
    for (i = 0; i < dW->size1; i++)
        for (j = 0; j < dW->size2; j++)
            gsl_matrix_set(dW, i, j, gsl_matrix_get(dW, i, j) + 2.0 * reg * gsl_matrix_get(W, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    double scale = 1.0 / (double) N;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* 1. dz2, for now without the 1/N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);

    /* 2. dW2 = p1' dz2 / N + 2 reg W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix_scale(g->dW2, scale);
    add_l2(g->dW2, net->W2, reg);

    /* 3. db2 */
    col_sums(g->dz2, g->db2);
    gsl_vector_scale(g->db2, scale);

    /* 4. dp1 = dz2 W2' / N, the 1/N goes in as alpha */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, scale, g->dz2, net->W2, 0.0, g->dp1);

    /* now dz2 can have its 1/N */
    gsl_matrix_scale(g->dz2, scale);

    /* 5. dz1 = dp1 masked; copy, then mask the copy */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    relu_mask(g->dz1, cache->z1);

    /* 6. dW1 = X' dz1 + 2 reg W1 (dz1 already has the 1/N from dp1) */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    /* 7. db1 */
    col_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
