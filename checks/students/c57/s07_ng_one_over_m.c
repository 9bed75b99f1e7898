/*
 * backward.c -- two-layer network backward pass
 * AI Engineering bootcamp, module "Neural nets from scratch"
 *
 * Formulas from the lecture slides (Andrew Ng notation, m = batch size):
 *   dZ2 = A2 - Y
 *   dW2 = 1/m * dZ2 . A1^T
 *   db2 = 1/m * sum(dZ2)
 *   dZ1 = W2^T . dZ2 * g'(Z1)
 *   dW1 = 1/m * dZ1 . X^T
 * The assignment wants dz2 WITH the 1/N already in it (see the template),
 * so below dz2 = (prob - Y) / N, and our matrices are the transposes of
 * the slides' ones (one sample per row).
 */

#include <stdbool.h>
#include <stddef.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* Status codes for my helpers. */
typedef enum {
    GEMM_OK = 0,
    GEMM_NULL_ARG = 1,
} gemm_status;

/*
 * My gemm: C = alpha * op(A) * op(B) + beta * C
 * op(A) is (m x k), op(B) is (k x n), C is (m x n).
 * Works on ->data with tda so it also takes views.
 */
static gemm_status gemm(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Cm,
                        bool tA, bool tB, double alpha, double beta)
{
    if (A == NULL || B == NULL || Cm == NULL) {
        return GEMM_NULL_ARG;
    }
    const size_t m = Cm->size1, n = Cm->size2;
    const size_t k = tA ? A->size1 : A->size2;

    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) {
            double s = 0.0;
            for (size_t p = 0; p < k; p++) {
                double a = tA ? A->data[p * A->tda + i] : A->data[i * A->tda + p];
                double b = tB ? B->data[j * B->tda + p] : B->data[p * B->tda + j];
                s += a * b;
            }
            double *c = &Cm->data[i * Cm->tda + j];
            *c = alpha * s + (beta != 0.0 ? beta * (*c) : 0.0);
        }
    }
    return GEMM_OK;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (!net || !X || !y || !cache || !g) {
        return 1;
    }
    const size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }
    const size_t H = net->H, C = net->C;
    const double m = (double) N;   // batch size, "m" on the slides
    gemm_status st = GEMM_OK;

    // dZ2 = (A2 - Y) / m
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / m);

    // dW2 = 1/m * A1^T dZ2  (+ 2 reg W2 via beta, W2 copied in first)
    gsl_matrix_memcpy(g->dW2, net->W2);
    st |= gemm(cache->p1, g->dz2, g->dW2, true, false, 1.0 / m, 2.0 * reg);

    // db2 = sum over the batch (the /m is already in dz2)
    for (size_t c = 0; c < C; c++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++) {
            s += g->dz2->data[i * g->dz2->tda + c];
        }
        gsl_vector_set(g->db2, c, s);
    }

    // dA1 = dZ2 W2^T
    st |= gemm(g->dz2, net->W2, g->dp1, false, true, 1.0, 0.0);

    // dZ1 = dA1 * relu'(Z1)
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double zz = cache->z1->data[i * cache->z1->tda + h];
            double dd = g->dp1->data[i * g->dp1->tda + h];
            g->dz1->data[i * g->dz1->tda + h] = (zz > 0.0) ? dd : 0.0;
        }
    }

    // dW1 = X^T dZ1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    st |= gemm(X, g->dz1, g->dW1, true, false, 1.0, 2.0 * reg);

    // db1
    for (size_t h = 0; h < H; h++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++) {
            s += g->dz1->data[i * g->dz1->tda + h];
        }
        gsl_vector_set(g->db1, h, s);
    }

    if (st != GEMM_OK) {
        return 1;
    }
    g->present = BP_GRADS_ALL;
    return 0;
}
