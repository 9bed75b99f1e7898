/*
 * backward.c
 *
 *   Two-layer network: backward pass, vectorised with CBLAS via GSL.
 *
 *   Author : Rafael Mendes Costa
 *   Module : ML Systems (SWE 3rd year)
 *
 *   Each gradient is one BLAS call where possible.  I kept the ReLU and
 *   the one-hot part as small named helpers because they do not map to a
 *   BLAS routine.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

#define CHECK(call)                      \
    do {                                 \
        status = (call);                 \
        if (status != GSL_SUCCESS)       \
            goto cleanup;                \
    } while (0)

/* D[i][y_i] -= 1 for every sample i */
static void subtract_onehot(gsl_matrix *D, const size_t *labels)
{
    size_t i;
    for (i = 0; i < D->size1; i++)
        gsl_matrix_set(D, i, labels[i], gsl_matrix_get(D, i, labels[i]) - 1.0);
}

/* dZ = dP .* [Z > 0], element by element */
static void relu_backward(const gsl_matrix *dP, const gsl_matrix *Z,
                          gsl_matrix *dZ)
{
    size_t i, j;
    for (i = 0; i < Z->size1; i++)
        for (j = 0; j < Z->size2; j++)
            gsl_matrix_set(dZ, i, j, gsl_matrix_get(Z, i, j) > 0.0
                           ? gsl_matrix_get(dP, i, j) : 0.0);
}

/* out = sum over rows of M, via dgemv with a vector of ones */
static int sum_over_batch(const gsl_matrix *M, gsl_vector *out)
{
    gsl_vector *ones = gsl_vector_alloc(M->size1);
    int status;
    if (ones == NULL)
        return GSL_ENOMEM;
    gsl_vector_set_all(ones, 1.0);
    status = gsl_blas_dgemv(CblasTrans, 1.0, M, ones, 0.0, out);
    gsl_vector_free(ones);
    return status;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    int status = GSL_SUCCESS;

    if (N != cache->N || g->N != N || X->size2 != net->D)
        return GSL_EBADLEN;

    /* dz2 = (P - Y) / N */
    CHECK(gsl_matrix_memcpy(g->dz2, cache->prob));
    subtract_onehot(g->dz2, y);
    CHECK(gsl_matrix_scale(g->dz2, 1.0 / (double) N));

    /* dW2 = p1^T dz2 + 2 reg W2  (copy W2 in, then beta = 2 reg) */
    CHECK(gsl_matrix_memcpy(g->dW2, net->W2));
    CHECK(gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                         2.0 * reg, g->dW2));

    /* db2 */
    CHECK(sum_over_batch(g->dz2, g->db2));

    /* dp1 = dz2 W2^T */
    CHECK(gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2,
                         0.0, g->dp1));

    /* dz1 */
    relu_backward(g->dp1, cache->z1, g->dz1);

    /* dW1 = X^T dz1 + 2 reg W1 */
    CHECK(gsl_matrix_memcpy(g->dW1, net->W1));
    CHECK(gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                         2.0 * reg, g->dW1));

    /* db1 */
    CHECK(sum_over_batch(g->dz1, g->db1));

    g->present = BP_GRADS_ALL;

cleanup:
    return status;
}
