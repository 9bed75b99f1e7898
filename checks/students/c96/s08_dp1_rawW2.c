/*
 * CSC 215 - Lab 6 - backward pass
 * Diego Ramirez
 *
 * Notes to self: the gradients live in g, the forward values in cache.
 * Every temporary: calloc, check NULL, free at the end.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int status = GSL_SUCCESS;
    size_t N, H, C, i, j, k;
    gsl_vector *onesN = NULL;
    gsl_matrix *regterm = NULL;
    const double *w2;

    if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    {
        return GSL_EFAULT;
    }
    N = X->size1;
    H = net->H;
    C = net->C;
    if (N == 0 || N != cache->N || N != g->N || X->size2 != net->D)
    {
        return GSL_EBADLEN;
    }

    onesN = gsl_vector_calloc(N);
    if (onesN == NULL)
    {
        status = GSL_ENOMEM;
        goto cleanup;
    }
    gsl_vector_set_all(onesN, 1.0);

    /* ---- output layer ---- */
    status = gsl_matrix_memcpy(g->dz2, cache->prob);
    if (status != GSL_SUCCESS) goto cleanup;
    for (i = 0; i < N; i++)
    {
        if (y[i] >= C) { status = GSL_EINVAL; goto cleanup; }
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }
    status = gsl_matrix_scale(g->dz2, 1.0 / (double)N);
    if (status != GSL_SUCCESS) goto cleanup;

    regterm = gsl_matrix_calloc(H, C);
    if (regterm == NULL) { status = GSL_ENOMEM; goto cleanup; }
    gsl_matrix_memcpy(regterm, net->W2);
    gsl_matrix_scale(regterm, 2.0 * reg);
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    if (status != GSL_SUCCESS) goto cleanup;
    gsl_matrix_add(g->dW2, regterm);

    status = gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, onesN, 0.0, g->db2);
    if (status != GSL_SUCCESS) goto cleanup;

    /* ---- hidden layer ---- */
    /* dp1[i][j] = sum_k dz2[i][k] * W2T[k][j], with W2T[k][j] = W2[j][k] */
    w2 = net->W2->data;
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double acc = 0.0;
            for (k = 0; k < C; k++)
            {
                acc += gsl_matrix_get(g->dz2, i, k) * w2[k * H + j];
            }
            gsl_matrix_set(g->dp1, i, j, acc);
        }
    }

    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }
    }

    /* ---- input layer ---- */
    status = gsl_matrix_memcpy(g->dW1, net->W1);
    if (status != GSL_SUCCESS) goto cleanup;
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    if (status != GSL_SUCCESS) goto cleanup;
    status = gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, onesN, 0.0, g->db1);

cleanup:
    if (regterm != NULL) gsl_matrix_free(regterm);
    if (onesN != NULL) gsl_vector_free(onesN);
    if (status == GSL_SUCCESS)
    {
        g->present = BP_GRADS_ALL;
    }
    return status;
}
