// backward.c -- AI Engineering cohort, week 6 assignment
// Backward pass of the 2-layer net (affine - relu - affine - softmax).
//
// I wrote ONE generic matmul (like BLAS gemm) and use it for everything,
// so there is only one place where indexing can go wrong.
// C = alpha * op(A) * op(B) + beta * C, op(X) = X or X^T.
// (The idea is from a tutorial on writing your own tiny NN library.)

#include <stdbool.h>
#include <stddef.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// Which activation a layer uses. Only RELU is used in this assignment but
// I kept the others from my previous project in case we need them later.
typedef enum {
    ACT_RELU,
    ACT_SIGMOID,
    ACT_TANH
} activation_t;

// Generic matrix multiply: C = alpha * op(A) op(B) + beta * C
// Returns 0 on success, -1 if something is NULL.
static int matmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C,
                  bool transA, bool transB, double alpha, double beta)
{
    // defensive checks -- never trust the caller
    if (A == NULL || B == NULL || C == NULL) {
        return -1;
    }

    size_t M = C->size1;                          // rows of the result
    size_t P = C->size2;                          // cols of the result
    size_t K = transA ? A->size1 : A->size2;      // inner dimension

    for (size_t i = 0; i < M; i++) {
        for (size_t j = 0; j < P; j++) {
            double sum = 0.0;
            for (size_t k = 0; k < K; k++) {
                // pick A(i,k) or A(k,i) depending on the flag
                double a = transA ? gsl_matrix_get(A, k, i) : gsl_matrix_get(A, i, k);
                // pick B(k,j) or B(j,k)
                double b = transB ? gsl_matrix_get(B, j, k) : gsl_matrix_get(B, k, j);
                sum += a * b;
            }
            // beta == 0 must not read C (it could hold garbage / NaN)
            double old = (beta == 0.0) ? 0.0 : gsl_matrix_get(C, i, j);
            gsl_matrix_set(C, i, j, alpha * sum + beta * old);
        }
    }
    return 0;
}

// derivative of the activation, written in terms of the PRE-activation z
// and the post-activation a (sigmoid/tanh like a, relu likes z)
static double activation_grad(double z, double a, activation_t act)
{
    switch (act) {
    case ACT_RELU:    return (z > 0.0) ? 1.0 : 0.0;
    case ACT_SIGMOID: return a * (1.0 - a);
    case ACT_TANH:    return 1.0 - a * a;
    }
    return 0.0; // unreachable
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    // --- sanity checks ---
    if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL) {
        return 1;
    }
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }
    size_t H = net->H;
    size_t C = net->C;

    // --- step 1: dz2 = (softmax - onehot) / N ---
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++) {
            double p = gsl_matrix_get(cache->prob, i, c);
            double t = (c == y[i]) ? 1.0 : 0.0;       // one-hot target
            gsl_matrix_set(g->dz2, i, c, (p - t) / (double) N);
        }
    }

    // --- step 2: dW2 = p1^T dz2 + 2 reg W2 ---
    // copy W2 first, then beta = 2*reg adds the regularisation for free
    gsl_matrix_memcpy(g->dW2, net->W2);
    matmul(cache->p1, g->dz2, g->dW2, true, false, 1.0, 2.0 * reg);

    // --- step 3: db2 = ones(1xN) * dz2 ---
    // a row of ones times dz2 sums every column
    gsl_matrix *ones = gsl_matrix_alloc(1, N);
    if (ones == NULL) {
        return 1;
    }
    gsl_matrix_set_all(ones, 1.0);
    gsl_matrix_view db2 = gsl_matrix_view_vector(g->db2, 1, C);
    matmul(ones, g->dz2, &db2.matrix, false, false, 1.0, 0.0);

    // --- step 4: dp1 = dz2 W2^T ---
    matmul(g->dz2, net->W2, g->dp1, false, true, 1.0, 0.0);

    // --- step 5: dz1 = dp1 * act'(z1) ---
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double d = activation_grad(gsl_matrix_get(cache->z1, i, h),
                                       gsl_matrix_get(cache->p1, i, h), ACT_RELU);
            gsl_matrix_set(g->dz1, i, h, gsl_matrix_get(g->dp1, i, h) * d);
        }
    }

    // --- step 6: dW1 = X^T dz1 + 2 reg W1 ---
    gsl_matrix_memcpy(g->dW1, net->W1);
    matmul(X, g->dz1, g->dW1, true, false, 1.0, 2.0 * reg);

    // --- step 7: db1 = ones(1xN) * dz1 ---
    gsl_matrix_view db1 = gsl_matrix_view_vector(g->db1, 1, H);
    matmul(ones, g->dz1, &db1.matrix, false, false, 1.0, 0.0);

    gsl_matrix_free(ones);

    g->present = BP_GRADS_ALL;   // all seven filled
    return 0;
}
