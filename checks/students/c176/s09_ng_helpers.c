/**
 * Backward pass for the 2-layer net.
 * Hidden-layer gradients are kept as H x N ("one column per example"),
 * the output layer as C x N.  Helpers for the transposes at the bottom.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void T(gsl_matrix *dst, const gsl_matrix *src);
static void rowsum(const gsl_matrix *A, gsl_vector *s);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    gsl_matrix *dZ2 = gsl_matrix_alloc(C, N);   /* dz2' */
    gsl_matrix *dA1 = gsl_matrix_alloc(H, N);   /* dp1' */
    gsl_matrix *dZ1 = gsl_matrix_alloc(H, N);   /* dz1' */
    gsl_matrix *dW2 = gsl_matrix_alloc(C, H);   /* dW2' */
    gsl_matrix *dW1 = gsl_matrix_alloc(H, D);   /* dW1' */
    size_t i, k;

    if (N != cache->N || g->N != N) {
        gsl_matrix_free(dZ2); gsl_matrix_free(dA1); gsl_matrix_free(dZ1);
        gsl_matrix_free(dW2); gsl_matrix_free(dW1);
        return 1;
    }

    /* dZ2 = (A2 - Y)/m */
    T(dZ2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(dZ2, y[i], i) -= 1.0;
    gsl_matrix_scale(dZ2, 1.0 / (double) N);

    /* dW2 = dZ2 A1' + 2 lambda W2  (A1' is p1, so no transpose here) */
    T(dW2, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dZ2, cache->p1,
                   2.0 * reg, dW2);
    rowsum(dZ2, g->db2);

    /* dA1 = W2 dZ2 */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, net->W2, dZ2, 0.0, dA1);

    /* dZ1 = dA1 .* (Z1 > 0) */
    gsl_matrix_memcpy(dZ1, dA1);
    for (k = 0; k < H * N; k++)
        if (cache->z1->data[k] <= 0.0) dZ1->data[k] = 0.0;

    /* dW1 = dZ1 X + 2 lambda W1 */
    T(dW1, net->W1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dZ1, X, 2.0 * reg, dW1);
    rowsum(dZ1, g->db1);

    T(g->dz2, dZ2);
    T(g->dW2, dW2);
    T(g->dp1, dA1);
    T(g->dz1, dZ1);
    T(g->dW1, dW1);

    gsl_matrix_free(dZ2);
    gsl_matrix_free(dA1);
    gsl_matrix_free(dZ1);
    gsl_matrix_free(dW2);
    gsl_matrix_free(dW1);
    g->present = BP_GRADS_ALL;
    return 0;
}

static void T(gsl_matrix *dst, const gsl_matrix *src)
{
    gsl_matrix_transpose_memcpy(dst, src);
}

/* s_j = sum over columns of row j */
static void rowsum(const gsl_matrix *A, gsl_vector *s)
{
    size_t j, n;
    for (j = 0; j < A->size1; j++) {
        double acc = 0.0;
        for (n = 0; n < A->size2; n++)
            acc += gsl_matrix_get(A, j, n);
        gsl_vector_set(s, j, acc);
    }
}
