/*
 * Assignment 3 -- backward()
 * Author: keeps all temporaries in static storage, allocated once per
 * shape (calloc, so everything starts at zero).
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *G2 = NULL;    /* dL/dz2   N x C */
static gsl_matrix *G1 = NULL;    /* dL/dz1   N x H */
static gsl_matrix *mask = NULL;  /* 1 where z1 > 0, else 0 */
static gsl_vector *acc2 = NULL;  /* C */
static gsl_vector *acc1 = NULL;  /* H */
static size_t lastN = 0, lastH = 0, lastC = 0;

static void free_ws(void)
{
    if (G2) gsl_matrix_free(G2);
    if (G1) gsl_matrix_free(G1);
    if (mask) gsl_matrix_free(mask);
    if (acc2) gsl_vector_free(acc2);
    if (acc1) gsl_vector_free(acc1);
}

/* A += alpha * B, row by row with daxpy */
static void add_scaled(gsl_matrix *A, double alpha, const gsl_matrix *B)
{
    size_t r;
    for (r = 0; r < A->size1; r++)
    {
        gsl_vector_view a = gsl_matrix_row(A, r);
        gsl_vector_const_view b = gsl_matrix_const_row(B, r);
        gsl_blas_daxpy(alpha, &b.vector, &a.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    if (G2 == NULL || N != lastN || H != lastH || C != lastC)
    {
        free_ws();
        G2 = gsl_matrix_calloc(N, C);
        G1 = gsl_matrix_calloc(N, H);
        mask = gsl_matrix_calloc(N, H);
        acc2 = gsl_vector_calloc(C);
        acc1 = gsl_vector_calloc(H);
        lastN = N; lastH = H; lastC = C;
    }

    /* ---- output layer ---- */
    gsl_matrix_memcpy(G2, cache->prob);
    for (i = 0; i < N; i++)
    {
        gsl_vector_view row = gsl_matrix_row(G2, i);
        gsl_vector_set(&row.vector, y[i], gsl_vector_get(&row.vector, y[i]) - 1.0);
    }
    gsl_matrix_scale(G2, 1.0 / (double) N);
    gsl_matrix_memcpy(g->dz2, G2);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, G2, 0.0, g->dW2);
    add_scaled(g->dW2, 2.0 * reg, net->W2);

    gsl_vector_set_zero(acc2);
    for (i = 0; i < N; i++)
    {
        gsl_vector_view row = gsl_matrix_row(G2, i);
        gsl_vector_add(acc2, &row.vector);
    }
    gsl_vector_memcpy(g->db2, acc2);

    /* ---- hidden layer ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, G2, net->W2, 0.0, g->dp1);

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(G1, g->dp1);
    gsl_matrix_mul_elements(G1, mask);
    gsl_matrix_memcpy(g->dz1, G1);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, G1, 0.0, g->dW1);
    add_scaled(g->dW1, 2.0 * reg, net->W1);

    gsl_vector_set_zero(acc1);
    for (i = 0; i < N; i++)
    {
        gsl_vector_view row = gsl_matrix_row(G1, i);
        gsl_vector_add(acc1, &row.vector);
    }
    gsl_vector_memcpy(g->db1, acc1);

    g->present = BP_GRADS_ALL;
    return 0;
}
