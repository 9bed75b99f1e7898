/* backward() for gradcheck.
 * dh      = dL/dp1 (N x H)
 * dh_relu = dL/dz1 (N x H)
 * both static, made the first time and again whenever N changes. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *dh = NULL, *dh_relu = NULL, *dsc = NULL;
static size_t lastN = 0;

static void col_sums(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double s = 0;
        for (i = 0; i < A->size1; i++) s += gsl_matrix_get(A, i, j);
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    /* new batch size (or different net): new buffers */
    if (dh == NULL || N != lastN || dh->size2 != H || dsc->size2 != C) {
        if (dh) { gsl_matrix_free(dh); gsl_matrix_free(dh_relu); gsl_matrix_free(dsc); }
        dh = gsl_matrix_alloc(N, H);
        dh_relu = gsl_matrix_alloc(N, H);
        dsc = gsl_matrix_alloc(N, C);
        lastN = N;
    }

    /* dscores */
    gsl_matrix_memcpy(dsc, cache->prob);
    for (i = 0; i < N; i++) gsl_matrix_set(dsc, i, y[i], gsl_matrix_get(dsc, i, y[i]) - 1.0);
    gsl_matrix_scale(dsc, 1.0 / (double) N);
    gsl_matrix_memcpy(g->dz2, dsc);

    /* W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dsc, 2.0 * reg, g->dW2);
    col_sums(dsc, g->db2);

    /* hidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dsc, net->W2, 0.0, dh);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(dh_relu, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(dh, i, j) : 0.0);
    gsl_matrix_memcpy(g->dp1, dh_relu);
    gsl_matrix_memcpy(g->dz1, dh_relu);

    /* W1, b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dh_relu, 2.0 * reg, g->dW1);
    col_sums(dh_relu, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
