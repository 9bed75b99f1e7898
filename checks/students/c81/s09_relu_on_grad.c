// Homework 2 - backward pass
// nnlib (hw1): Mat_mul, Relu_inplace, Col_sum, Scale, Copy
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

// returns 0 on success like gsl does
int Mat_mul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C, int transA, int transB) {
    CBLAS_TRANSPOSE_t ta = transA ? CblasTrans : CblasNoTrans;
    CBLAS_TRANSPOSE_t tb = transB ? CblasTrans : CblasNoTrans;
    return gsl_blas_dgemm(ta, tb, 1.0, A, B, 0.0, C);
}

int Relu_inplace(gsl_matrix *A) {
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            if (gsl_matrix_get(A, i, j) < 0) gsl_matrix_set(A, i, j, 0);
    return 0;
}

int Col_sum(const gsl_matrix *A, gsl_vector *out) {
    gsl_vector *ones = gsl_vector_alloc(A->size1);
    gsl_vector_set_all(ones, 1.0);
    int rc = gsl_blas_dgemv(CblasTrans, 1.0, A, ones, 0.0, out);
    gsl_vector_free(ones);
    return rc;
}

int Scale(gsl_matrix *A, double s) { return gsl_matrix_scale(A, s); }

int Copy(gsl_matrix *dst, const gsl_matrix *src) { return gsl_matrix_memcpy(dst, src); }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;
    int rc = 0;

    // dL/dz2
    rc |= Copy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    rc |= Scale(g->dz2, 1.0 / N);

    // dW2, db2
    rc |= Copy(g->dW2, net->W2);
    rc |= Scale(g->dW2, 2 * reg);
    rc |= gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
    rc |= Col_sum(g->dz2, g->db2);

    // dp1
    rc |= Mat_mul(g->dz2, net->W2, g->dp1, 0, 1);

    // dz1: backprop through the relu = apply the relu
    rc |= Copy(g->dz1, g->dp1);
    rc |= Relu_inplace(g->dz1);

    // dW1, db1
    rc |= Copy(g->dW1, net->W1);
    rc |= Scale(g->dW1, 2 * reg);
    rc |= gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
    rc |= Col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return rc;
}
