/*
 * backward.c -- backward pass, two-layer fully connected net
 *
 * Conventions: every function returns a GSL status code.  Allocations
 * are checked; temporaries are released in the single cleanup block at
 * the end.  Shapes are checked on entry.
 */
#include <assert.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int ret = GSL_SUCCESS;
    size_t n, h;
    size_t N, H, C;
    gsl_matrix *onehot = NULL;   /* N x C, 1 at (n, y[n]) */
    gsl_vector *ones = NULL;     /* N, for the bias sums */

    if (!net || !X || !y || !cache || !g)
    {
        return GSL_EFAULT;
    }
    N = X->size1;
    H = net->H;
    C = net->C;
    if (N != cache->N || N != g->N || X->size2 != net->D || H != g->H || C != g->C)
    {
        return GSL_EBADLEN;
    }
    assert(cache->prob->size1 == N && cache->prob->size2 == C);

    onehot = gsl_matrix_calloc(N, C);
    ones = gsl_vector_alloc(N);
    if (onehot == NULL || ones == NULL)
    {
        ret = GSL_ENOMEM;
        goto cleanup;
    }
    gsl_vector_set_all(ones, 1.0);
    for (n = 0; n < N; n++)
    {
        if (y[n] >= C)
        {
            ret = GSL_EINVAL;
            goto cleanup;
        }
        gsl_matrix_set(onehot, n, y[n], 1.0);
    }

    /* dz2 = (prob - onehot) / N */
    ret = gsl_matrix_memcpy(g->dz2, cache->prob);
    if (ret != GSL_SUCCESS) goto cleanup;
    ret = gsl_matrix_scale(g->dz2, 1.0 / (double)N);
    if (ret != GSL_SUCCESS) goto cleanup;
    ret = gsl_matrix_sub(g->dz2, onehot);
    if (ret != GSL_SUCCESS) goto cleanup;

    /* dW2 = p1^T dz2 + 2 reg W2 */
    ret = gsl_matrix_memcpy(g->dW2, net->W2);
    if (ret != GSL_SUCCESS) goto cleanup;
    ret = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    if (ret != GSL_SUCCESS) goto cleanup;

    /* db2 = dz2^T 1 */
    ret = gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
    if (ret != GSL_SUCCESS) goto cleanup;

    /* dp1 = dz2 W2^T */
    ret = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    if (ret != GSL_SUCCESS) goto cleanup;

    /* dz1 = dp1 * 1[z1 > 0] */
    for (n = 0; n < N; n++)
    {
        for (h = 0; h < H; h++)
        {
            double d = gsl_matrix_get(g->dp1, n, h);
            gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(cache->z1, n, h) > 0.0 ? d : 0.0);
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    ret = gsl_matrix_memcpy(g->dW1, net->W1);
    if (ret != GSL_SUCCESS) goto cleanup;
    ret = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    if (ret != GSL_SUCCESS) goto cleanup;

    /* db1 = dz1^T 1 */
    ret = gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
    if (ret != GSL_SUCCESS) goto cleanup;

    g->present = BP_GRADS_ALL;

cleanup:
    gsl_vector_free(ones);
    gsl_matrix_free(onehot);
    return ret;
}
