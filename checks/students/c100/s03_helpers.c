// Backward pass for the 2-layer net (ML3, week 7 lab)
// Author: group 14
// Split into small helpers so each step can be tested on its own.

#include "backprop/net.h"
#include "backprop/grads.h"

#define GET(A, i, j) gsl_matrix_get((A), (i), (j))
#define SET(A, i, j, v) gsl_matrix_set((A), (i), (j), (v))

// out = A^T * B   (A is n x a, B is n x b, out is a x b)
static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    for (size_t r = 0; r < A->size2; r++)
        for (size_t c = 0; c < B->size2; c++) {
            double acc = 0;
            for (size_t n = 0; n < A->size1; n++)
                acc += GET(A, n, r) * GET(B, n, c);
            SET(out, r, c, acc);
        }
}

// out = A * B^T
static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    for (size_t r = 0; r < A->size1; r++)
        for (size_t c = 0; c < B->size1; c++) {
            double acc = 0;
            for (size_t n = 0; n < A->size2; n++)
                acc += GET(A, r, n) * GET(B, c, n);
            SET(out, r, c, acc);
        }
}

// sum over rows -> one value per column
static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    for (size_t c = 0; c < A->size2; c++) {
        double acc = 0;
        for (size_t n = 0; n < A->size1; n++)
            acc += GET(A, n, c);
        gsl_vector_set(out, c, acc);
    }
}

// dW += 2*reg*W  (L2 penalty, no 1/2 in our loss)
static void add_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    for (size_t r = 0; r < W->size1; r++)
        for (size_t c = 0; c < W->size2; c++)
            SET(dW, r, c, GET(dW, r, c) + 2 * reg * GET(W, r, c));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // softmax + cross-entropy
    for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < net->C; c++) {
            double t = (c == y[n]) ? 1.0 : 0.0;
            SET(g->dz2, n, c, (GET(cache->prob, n, c) - t) / (double)N);
        }

    matmul_AtB(cache->p1, g->dz2, g->dW2);
    add_l2(g->dW2, net->W2, reg);
    sum_rows(g->dz2, g->db2);

    matmul_ABt(g->dz2, net->W2, g->dp1);

    // relu'(z1) = 1 if z1 > 0
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < net->H; h++)
            SET(g->dz1, n, h, GET(cache->z1, n, h) > 0 ? GET(g->dp1, n, h) : 0.0);

    matmul_AtB(X, g->dz1, g->dW1);
    add_l2(g->dW1, net->W1, reg);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
