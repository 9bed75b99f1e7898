/*
 * backward.c - Lab 6 (two layer net, backward)
 * Noah Fitzgerald
 *
 * Returns 0 on success.  All scratch space comes from gsl_*_calloc and is
 * released at "out" no matter how we leave.
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
    gsl_vector *ones = NULL;
    gsl_matrix *mask = NULL;
    size_t N, i, j;
    double invN;

    if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
        return GSL_EFAULT;
    N = X->size1;
    if (N == 0 || cache->N != N || g->N != N || X->size2 != net->D
        || g->H != net->H || g->C != net->C)
        return GSL_EBADLEN;
    invN = 1.0 / (double)N;

    ones = gsl_vector_calloc(N);
    mask = gsl_matrix_calloc(N, net->H);
    if (ones == NULL || mask == NULL) {
        status = GSL_ENOMEM;
        goto out;
    }
    gsl_vector_set_all(ones, 1.0);

    /* dz2 = (probs - y_onehot) / N */
    status = gsl_matrix_memcpy(g->dz2, cache->prob);
    if (status) goto out;
    for (i = 0; i < N; i++) {
        if (y[i] >= net->C) { status = GSL_EINVAL; goto out; }
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }
    status = gsl_matrix_scale(g->dz2, invN);
    if (status) goto out;

    /* dW2 = (1/N) p1^T dz2 + 2 reg W2   (average over the batch) */
    status = gsl_matrix_memcpy(g->dW2, net->W2);
    if (status) goto out;
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, invN, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    if (status) goto out;

    /* db2 = sum over batch */
    status = gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
    if (status) goto out;

    /* dp1 = dz2 W2^T */
    status = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    if (status) goto out;

    /* dz1 = dp1 * 1[z1 > 0] */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
    status = gsl_matrix_memcpy(g->dz1, g->dp1);
    if (status) goto out;
    status = gsl_matrix_mul_elements(g->dz1, mask);
    if (status) goto out;

    /* dW1 = X^T dz1 + 2 reg W1 */
    status = gsl_matrix_memcpy(g->dW1, net->W1);
    if (status) goto out;
    status = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    if (status) goto out;

    /* db1 */
    status = gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

out:
    gsl_matrix_free(mask);
    gsl_vector_free(ones);
    if (status == GSL_SUCCESS)
        g->present = BP_GRADS_ALL;
    return status;
}
