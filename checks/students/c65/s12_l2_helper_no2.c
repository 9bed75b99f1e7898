/*
 * backward.c  --  hand written backprop for the two layer net
 *
 * l2_grad() adds the weight decay term to a gradient buffer; it borrows
 * a malloc'd block for the scaled copy of W and frees it again.
 */
#include <stdlib.h>
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dW += d/dW of reg*|W|^2 */
static int l2_grad(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    double *buf = malloc(W->size1 * W->size2 * sizeof *buf);
    if (!buf)
        return 1;
    gsl_matrix_view tmp = gsl_matrix_view_array(buf, W->size1, W->size2);
    gsl_matrix_memcpy(&tmp.matrix, W);
    gsl_matrix_scale(&tmp.matrix, reg);
    gsl_matrix_add(dW, &tmp.matrix);
    free(buf);
    return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t n, h, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dL/dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dL/dW2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    if (l2_grad(g->dW2, net->W2, reg))
        return 1;

    /* dL/db2 */
    for (k = 0; k < net->C; k++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz2, n, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* dL/dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dL/dz1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < N; n++)
        for (h = 0; h < net->H; h++)
            if (gsl_matrix_get(cache->z1, n, h) <= 0.0)
                gsl_matrix_set(g->dz1, n, h, 0.0);

    /* dL/dW1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    if (l2_grad(g->dW1, net->W1, reg))
        return 1;

    /* dL/db1 */
    for (h = 0; h < net->H; h++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
