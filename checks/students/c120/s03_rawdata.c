/*
 * backward.c  --  Lab 4, backprop by hand
 *
 * Matrix helpers work on ->data directly (row i starts at i*tda), it is
 * faster than get/set.  backward() at the bottom.
 */
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T * B */
static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t i, j, k;
    for (i = 0; i < out->size1; i++)
        for (j = 0; j < out->size2; j++)
            EL(out, i, j) = 0.0;
    for (k = 0; k < A->size1; k++)          /* one sample at a time */
        for (i = 0; i < A->size2; i++)
        {
            double a = EL(A, k, i);
            for (j = 0; j < B->size2; j++)
                EL(out, i, j) += a * EL(B, k, j);
        }
}

/* out = A * B^T */
static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t i, j, k;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < B->size1; j++)
        {
            double s = 0.0;
            for (k = 0; k < A->size2; k++)
                s += EL(A, i, k) * EL(B, j, k);
            EL(out, i, j) = s;
        }
}

/* out[j] = sum over rows of column j */
static void colsum(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++)
    {
        double s = 0.0;
        for (i = 0; i < A->size1; i++)
            s += EL(A, i, j);
        out->data[j * out->stride] = s;
    }
}

/* in place: A[i][j] = 0 wherever the relu was off (Z <= 0) */
static void relu_mask(gsl_matrix *A, const gsl_matrix *Z)
{
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            if (EL(Z, i, j) <= 0.0)
                EL(A, i, j) = 0.0;
}

/* A += s * B */
static void add_scaled(gsl_matrix *A, const gsl_matrix *B, double s)
{
    size_t i, j;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            EL(A, i, j) += s * EL(B, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    gsl_matrix *dz2 = g->dz2;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* softmax + cross entropy: dz2 = (p - 1{y}) / N, done in place */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->C; j++)
            EL(dz2, i, j) = EL(cache->prob, i, j);
        EL(dz2, i, y[i]) -= 1.0;
        for (j = 0; j < net->C; j++)
            EL(dz2, i, j) /= (double) N;
    }

    matmul_AtB(cache->p1, dz2, g->dW2);
    add_scaled(g->dW2, net->W2, 2.0 * reg);
    colsum(dz2, g->db2);
    matmul_ABt(dz2, net->W2, g->dp1);

    /* dz1 starts as a copy of dp1, then the mask is applied in place */
    for (i = 0; i < N; i++)
        memcpy(&EL(g->dz1, i, 0), &EL(g->dp1, i, 0), net->H * sizeof(double));
    relu_mask(g->dz1, cache->z1);

    matmul_AtB(X, g->dz1, g->dW1);
    add_scaled(g->dW1, net->W1, 2.0 * reg);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
