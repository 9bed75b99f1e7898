/*
 * backward.c
 *
 * Homework 4 - backward pass for the 2 layer network.
 * Author: M. Lindqvist
 *
 * Uses BLAS for the matrix products.  The bias gradients are done as
 * ones^T * dZ with gsl_blas_dgemv, which is the column sum.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = A^T dZ + 2 reg W */
static int weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                       const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    int rc;

    rc = gsl_matrix_memcpy(dW, W);
    if (rc)
        return rc;
    return gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

/* db = dZ^T 1 */
static int bias_grad(const gsl_matrix *dZ, const gsl_vector *ones, gsl_vector *db)
{
    return gsl_blas_dgemv(CblasTrans, 1.0, dZ, ones, 0.0, db);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    gsl_vector *ones = NULL;
    size_t N;
    int i, j, rc;

    N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    rc = 1;
    ones = gsl_vector_alloc(N);
    if (ones == NULL)
        goto cleanup;
    gsl_vector_set_all(ones, 1.0);

    /* 1. dz2 = (prob - Y) / N */
    if (gsl_matrix_memcpy(g->dz2, cache->prob))
        goto cleanup;
    for (i = 0; i < (int) N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* 2, 3. second layer */
    if (weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2))
        goto cleanup;
    if (bias_grad(g->dz2, ones, g->db2))
        goto cleanup;

    /* 4. dp1 = dz2 W2^T */
    if (gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1))
        goto cleanup;

    /* 5. dz1: zero where the unit was off */
    for (i = 0; i < (int) N; i++)
        for (j = 0; j < (int) net->H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* 6, 7. first layer */
    if (weight_grad(X, g->dz1, net->W1, reg, g->dW1))
        goto cleanup;
    if (bias_grad(g->dz1, ones, g->db1))
        goto cleanup;

    g->present = BP_GRADS_ALL;
    rc = 0;

cleanup:
    gsl_vector_free(ones);
    return rc;
}
