// backward pass, two layer net -- uses gsl_blas for the products
// helpers first, then backward() is just calls to them.
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// C = A' * B
void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C) {
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
}

// C = A * B'
void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C) {
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, C);
}

// out = ones' * A  (sum down the columns)
int colsum(const gsl_matrix *A, gsl_vector *out) {
    gsl_vector *ones = gsl_vector_alloc(A->size1);
    if (!ones) return 1;
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, A, ones, 0.0, out);
    gsl_vector_free(ones);
    return 0;
}

// A = A .* B  in place
void hadamard(gsl_matrix *A, const gsl_matrix *B) {
    gsl_matrix_mul_elements(A, B);
}

// M = (P > 0) as 0/1 -- P is the relu output, p1 > 0 exactly where z1 > 0
void relu_mask(const gsl_matrix *P, gsl_matrix *M) {
    for (size_t i = 0; i < P->size1; i++)
        for (size_t j = 0; j < P->size2; j++)
            gsl_matrix_set(M, i, j, gsl_matrix_get(P, i, j) > 0 ? 1.0 : 0.0);
}

// A = A + s*B
int add_scaled(gsl_matrix *A, const gsl_matrix *B, double s) {
    gsl_matrix *tmp = gsl_matrix_alloc(B->size1, B->size2);
    if (!tmp) return 1;
    gsl_matrix_memcpy(tmp, B);
    gsl_matrix_scale(tmp, s);
    gsl_matrix_add(A, tmp);
    gsl_matrix_free(tmp);
    return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    int err = 0;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // layer 2
    matmul_AtB(cache->p1, g->dz2, g->dW2);
    err |= add_scaled(g->dW2, net->W2, 2 * reg);
    err |= colsum(g->dz2, g->db2);
    matmul_ABt(g->dz2, net->W2, g->dp1);

    // relu: mask goes straight into dz1, then times dp1
    relu_mask(cache->p1, g->dz1);
    hadamard(g->dz1, g->dp1);

    // layer 1
    matmul_AtB(X, g->dz1, g->dW1);
    err |= add_scaled(g->dW1, net->W1, 2 * reg);
    err |= colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return err;
}
