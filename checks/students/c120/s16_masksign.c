/* backward.c - Homework 2, neural net backward pass
 * Author's note: all linear algebra goes through the helpers, so that
 * both layers use exactly the same code.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T * B */
static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out) {
    size_t nRows = A->size2, nCols = B->size2, nInner = A->size1;
    for (size_t r = 0; r < nRows; r++) {
        for (size_t c = 0; c < nCols; c++) {
            double total = 0.0;
            for (size_t k = 0; k < nInner; k++) {
                total += gsl_matrix_get(A, k, r) * gsl_matrix_get(B, k, c);
            }
            gsl_matrix_set(out, r, c, total);
        }
    }
}

/* out = A * B^T */
static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out) {
    size_t nRows = A->size1, nCols = B->size1, nInner = A->size2;
    for (size_t r = 0; r < nRows; r++) {
        for (size_t c = 0; c < nCols; c++) {
            double total = 0.0;
            for (size_t k = 0; k < nInner; k++) {
                total += gsl_matrix_get(A, r, k) * gsl_matrix_get(B, c, k);
            }
            gsl_matrix_set(out, r, c, total);
        }
    }
}

static void colsum(const gsl_matrix *A, gsl_vector *out) {
    for (size_t c = 0; c < A->size2; c++) {
        double total = 0.0;
        for (size_t r = 0; r < A->size1; r++) {
            total += gsl_matrix_get(A, r, c);
        }
        gsl_vector_set(out, c, total);
    }
}

/* relu backward: the gradient passes only where it is positive */
static void relu_mask(const gsl_matrix *grad, gsl_matrix *out) {
    for (size_t r = 0; r < grad->size1; r++) {
        for (size_t c = 0; c < grad->size2; c++) {
            double v = gsl_matrix_get(grad, r, c);
            gsl_matrix_set(out, r, c, v > 0.0 ? v : 0.0);
        }
    }
}

/* A = A + scale * B */
static void add_scaled(gsl_matrix *A, const gsl_matrix *B, double scale) {
    for (size_t r = 0; r < A->size1; r++) {
        for (size_t c = 0; c < A->size2; c++) {
            gsl_matrix_set(A, r, c, gsl_matrix_get(A, r, c) + scale * gsl_matrix_get(B, r, c));
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t batchSize = X->size1;

    if (batchSize != cache->N || X->size2 != net->D || g->N != batchSize) {
        return 1;
    }

    /* gradient of the loss w.r.t. the scores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t n = 0; n < batchSize; n++) {
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) batchSize);

    /* output layer */
    matmul_AtB(cache->p1, g->dz2, g->dW2);
    add_scaled(g->dW2, net->W2, 2.0 * reg);
    colsum(g->dz2, g->db2);

    /* hidden layer */
    matmul_ABt(g->dz2, net->W2, g->dp1);
    relu_mask(g->dp1, g->dz1);
    matmul_AtB(X, g->dz1, g->dW1);
    add_scaled(g->dW1, net->W1, 2.0 * reg);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
