// HW5 Part 2 -- backprop in C
// Sam Okafor
//
// I wrote small helper functions so the backward pass reads like the
// numpy version:  dW2 = p1.T.dot(dscores), db2 = sum(dscores, axis=0), ...

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// out = A^T * B      A is (n, a), B is (n, b), out is (a, b)
static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    for (size_t r = 0; r < A->size2; r++)
        for (size_t c = 0; c < B->size2; c++) {
            double s = 0.0;
            for (size_t n = 0; n < A->size1; n++)
                s += gsl_matrix_get(A, n, r) * gsl_matrix_get(B, n, c);
            gsl_matrix_set(out, r, c, s);
        }
}

// out = A * B^T      A is (n, k), B is (m, k), out is (n, m)
static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    for (size_t r = 0; r < A->size1; r++)
        for (size_t c = 0; c < B->size1; c++) {
            double s = 0.0;
            for (size_t k = 0; k < A->size2; k++)
                s += gsl_matrix_get(A, r, k) * gsl_matrix_get(B, c, k);
            gsl_matrix_set(out, r, c, s);
        }
}

// sum over axis 0
static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    for (size_t c = 0; c < A->size2; c++) {
        double s = 0.0;
        for (size_t n = 0; n < A->size1; n++)
            s += gsl_matrix_get(A, n, c);
        gsl_vector_set(out, c, s);
    }
}

// regularization gradient: d/dW of reg * sum(W^2)
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    for (size_t r = 0; r < W->size1; r++)
        for (size_t c = 0; c < W->size2; c++)
            gsl_matrix_set(dW, r, c, gsl_matrix_get(dW, r, c) + reg * gsl_matrix_get(W, r, c));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores
    for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < net->C; c++) {
            double p = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n]) p -= 1.0;
            gsl_matrix_set(g->dz2, n, c, p / (double)N);
        }

    matmul_AtB(cache->p1, g->dz2, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    sum_rows(g->dz2, g->db2);

    matmul_ABt(g->dz2, net->W2, g->dp1);

    // relu backward
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < net->H; h++) {
            double dh = gsl_matrix_get(g->dp1, n, h);
            gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(cache->z1, n, h) > 0.0 ? dh : 0.0);
        }

    matmul_AtB(X, g->dz1, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
