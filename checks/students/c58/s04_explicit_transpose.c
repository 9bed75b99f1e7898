/*
 * backward.c -- Exercise 3: backward pass of the 2-layer network.
 *
 * I don't trust the transpose flags of dgemm yet, so every transpose is
 * made explicitly with gsl_matrix_transpose_memcpy and all products are
 * NoTrans/NoTrans.  scratchCxH is used twice: first for dz2^T p1, then
 * for W2^T.  The mask is a 0/1 matrix multiplied in with mul_elements.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t D = net->D;
    const size_t H = net->H;
    const size_t C = net->C;
    gsl_matrix *dz2T = NULL;        /* C x N */
    gsl_matrix *scratchCxH = NULL;  /* C x H */
    gsl_matrix *xT = NULL;          /* D x N */
    gsl_matrix *reluMask = NULL;    /* N x H, 0/1 */
    int err = GSL_ENOMEM;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return GSL_EBADLEN;
    }

    dz2T = gsl_matrix_alloc(C, N);
    scratchCxH = gsl_matrix_alloc(C, H);
    xT = gsl_matrix_alloc(D, N);
    reluMask = gsl_matrix_alloc(N, H);
    if (dz2T == NULL || scratchCxH == NULL || xT == NULL || reluMask == NULL)
    {
        goto cleanup;
    }

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
    {
        double *entry = gsl_matrix_ptr(g->dz2, i, y[i]);
        *entry = *entry - 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* dW2 = (dz2^T p1)^T + 2 reg W2 */
    gsl_matrix_transpose_memcpy(dz2T, g->dz2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dz2T, cache->p1,
                   0.0, scratchCxH);
    gsl_matrix_transpose_memcpy(g->dW2, scratchCxH);
    for (size_t h = 0; h < H; h++)
    {
        for (size_t c = 0; c < C; c++)
        {
            *gsl_matrix_ptr(g->dW2, h, c) += 2.0 * reg * gsl_matrix_get(net->W2, h, c);
        }
    }

    /* db2: sum of each column of dz2 */
    for (size_t c = 0; c < C; c++)
    {
        gsl_vector_view col = gsl_matrix_column(g->dz2, c);
        gsl_vector_set(g->db2, c, gsl_vector_sum(&col.vector));
    }

    /* dp1 = dz2 W2^T ; scratchCxH is free again, it now holds W2^T */
    gsl_matrix_transpose_memcpy(scratchCxH, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, scratchCxH,
                   0.0, g->dp1);

    /* dz1 = dp1 .* mask(z1) */
    for (size_t i = 0; i < N; i++)
    {
        for (size_t h = 0; h < H; h++)
        {
            gsl_matrix_set(reluMask, i, h,
                           gsl_matrix_get(cache->z1, i, h) > 0.0 ? 1.0 : 0.0);
        }
    }
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, reluMask);

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_transpose_memcpy(xT, X);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, xT, g->dz1, 0.0, g->dW1);
    for (size_t d = 0; d < D; d++)
    {
        for (size_t h = 0; h < H; h++)
        {
            *gsl_matrix_ptr(g->dW1, d, h) += 2.0 * reg * gsl_matrix_get(net->W1, d, h);
        }
    }

    /* db1 */
    for (size_t h = 0; h < H; h++)
    {
        gsl_vector_view col = gsl_matrix_column(g->dz1, h);
        gsl_vector_set(g->db1, h, gsl_vector_sum(&col.vector));
    }

    g->present = BP_GRADS_ALL;
    err = 0;

cleanup:
    if (reluMask) gsl_matrix_free(reluMask);
    if (xT) gsl_matrix_free(xT);
    if (scratchCxH) gsl_matrix_free(scratchCxH);
    if (dz2T) gsl_matrix_free(dz2T);
    return err;
}
