/*
 *  backward.c -- ML Systems, Homework 3
 *  Author: Grace Oyelaran-Smith
 *
 *  For the output layer I wrote the sums out as loops, so I could compare
 *  them against my hand calculation for the 2x2 example from the tutorial.
 *  The hidden layer is done with BLAS (dgemm) once I was confident.
 */
#include <stddef.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

enum bw_error { BW_OK = 0, BW_EDIM = 1, BW_ENOMEM = 2 };

/* dW += 2*reg*W, for the BLAS part */
static int apply_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    gsl_matrix *penalty = gsl_matrix_alloc(W->size1, W->size2);
    int status;

    if (penalty == NULL)
        return BW_ENOMEM;
    status = gsl_matrix_memcpy(penalty, W);
    if (status == GSL_SUCCESS)
        status = gsl_matrix_scale(penalty, 2.0 * reg);
    if (status == GSL_SUCCESS)
        status = gsl_matrix_add(dW, penalty);
    gsl_matrix_free(penalty);
    return status;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    size_t i, h, c;
    int status = BW_OK;

    if (N != cache->N || g->N != N || X->size2 != net->D)
        return BW_EDIM;

    /* ----- output layer, by hand ----- */
    for (i = 0; i < N; i++)
    {
        for (c = 0; c < C; c++)
        {
            double d = gsl_matrix_get(cache->prob, i, c);
            if (c == y[i])
                d -= 1.0;
            gsl_matrix_set(g->dz2, i, c, d / (double) N);
        }
    }

    for (h = 0; h < H; h++)
    {
        for (c = 0; c < C; c++)
        {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
            gsl_matrix_set(g->dW2, h, c, acc + reg * gsl_matrix_get(net->W2, h, c));
        }
    }

    for (c = 0; c < C; c++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, acc);
    }

    /* ----- hidden layer, BLAS ----- */
    status = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                            0.0, g->dp1);
    if (status != GSL_SUCCESS)
        goto cleanup;

    status = gsl_matrix_memcpy(g->dz1, g->dp1);
    if (status != GSL_SUCCESS)
        goto cleanup;
    for (i = 0; i < N; i++)
        for (h = 0; h < H; h++)
            if (!(gsl_matrix_get(cache->z1, i, h) > 0.0))
                gsl_matrix_set(g->dz1, i, h, 0.0);

    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                            0.0, g->dW1);
    if (status != GSL_SUCCESS)
        goto cleanup;
    status = apply_l2(g->dW1, net->W1, reg);
    if (status != GSL_SUCCESS)
        goto cleanup;

    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, i);
        status = gsl_vector_add(g->db1, &row.vector);
        if (status != GSL_SUCCESS)
            goto cleanup;
    }

    g->present = BP_GRADS_ALL;

cleanup:
    return status;
}
