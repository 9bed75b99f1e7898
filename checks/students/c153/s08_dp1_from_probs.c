// backward.c - TwoLayerNet backward pass
// helpers for the matrix products, then the 7 gradients in order

#include "backprop.h"

// out = A^T * B   (A is n x k, B is n x m, out is k x m)
static void matTransMul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out) {
    for (size_t r = 0; r < A->size2; r++) {
        for (size_t c = 0; c < B->size2; c++) {
            double sum = 0;
            for (size_t n = 0; n < A->size1; n++) {
                sum += gsl_matrix_get(A, n, r) * gsl_matrix_get(B, n, c);
            }
            gsl_matrix_set(out, r, c, sum);
        }
    }
}

// out = A * B^T   (A is n x m, B is k x m, out is n x k)
static void matMulTrans(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out) {
    for (size_t r = 0; r < A->size1; r++) {
        for (size_t c = 0; c < B->size1; c++) {
            double sum = 0;
            for (size_t m = 0; m < A->size2; m++) {
                sum += gsl_matrix_get(A, r, m) * gsl_matrix_get(B, c, m);
            }
            gsl_matrix_set(out, r, c, sum);
        }
    }
}

// column sums, for the bias gradients
static void sumRows(const gsl_matrix *A, gsl_vector *out) {
    for (size_t c = 0; c < A->size2; c++) {
        double sum = 0;
        for (size_t r = 0; r < A->size1; r++) {
            sum += gsl_matrix_get(A, r, c);
        }
        gsl_vector_set(out, c, sum);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    // 1. dz2: gradient of the loss w.r.t. the scores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double v = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], v - 1);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    // 2. dW2 = p1^T dz2 + 2 reg W2
    matTransMul(cache->p1, g->dz2, g->dW2);
    for (size_t h = 0; h < net->H; h++) {
        for (size_t c = 0; c < net->C; c++) {
            double w = gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dW2, h, c, gsl_matrix_get(g->dW2, h, c) + 2 * reg * w);
        }
    }

    // 3. db2
    sumRows(g->dz2, g->db2);

    // 4. dp1 = dscores * W2^T
    matMulTrans(cache->prob, net->W2, g->dp1);

    // 5. dz1: relu backward, zero where the unit was off
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < net->H; h++) {
            double z = gsl_matrix_get(cache->z1, i, h);
            gsl_matrix_set(g->dz1, i, h, z > 0 ? gsl_matrix_get(g->dp1, i, h) : 0.0);
        }
    }

    // 6. dW1 = X^T dz1 + 2 reg W1
    matTransMul(X, g->dz1, g->dW1);
    for (size_t d = 0; d < net->D; d++) {
        for (size_t h = 0; h < net->H; h++) {
            double w = gsl_matrix_get(net->W1, d, h);
            gsl_matrix_set(g->dW1, d, h, gsl_matrix_get(g->dW1, d, h) + 2 * reg * w);
        }
    }

    // 7. db1
    sumRows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
