/*  backward.c -- CS hw, part 3 (backprop)
 *
 *  My small matrix lib is at the top; the backward pass uses it for both
 *  layers.  Shapes in the comments: N batch, D in, H hidden, C classes.
 */
#include "backprop.h"

#define FOR(i, n) for (size_t i = 0; i < (n); i++)
#define GET(m, i, j) gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out (M,P) = A' (M,K) * B (K,P) */
static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out) {
    FOR(m, A->size2) FOR(p, B->size2) {
        double t = 0;
        FOR(k, A->size1) t += GET(A, k, m) * GET(B, k, p);
        SET(out, m, p, t);
    }
}

/* out (M,P) = A (M,K) * B' (K,P) */
static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out) {
    FOR(m, A->size1) FOR(p, B->size1) {
        double t = 0;
        FOR(k, A->size2) t += GET(A, m, k) * GET(B, p, k);
        SET(out, m, p, t);
    }
}

/* bias gradient: one number per column */
static void colsum(const gsl_matrix *A, gsl_vector *s) {
    FOR(j, A->size2) {
        double t = 0;
        FOR(i, A->size1) t += GET(A, i, j);
        gsl_vector_set(s, j, t / A->size1);   /* average over the batch */
    }
}

static void hadamard(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out) {
    FOR(i, A->size1) FOR(j, A->size2) SET(out, i, j, GET(A, i, j) * GET(B, i, j));
}

/* 1 where relu was active */
static void relu_mask(const gsl_matrix *Z, gsl_matrix *M) {
    FOR(i, Z->size1) FOR(j, Z->size2) SET(M, i, j, GET(Z, i, j) > 0 ? 1.0 : 0.0);
}

static void add_scaled(gsl_matrix *A, const gsl_matrix *B, double s) {
    FOR(i, A->size1) FOR(j, A->size2) SET(A, i, j, GET(A, i, j) + s * GET(B, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 (N,C) */
    FOR(i, N) FOR(c, net->C)
        SET(g->dz2, i, c, (GET(cache->prob, i, c) - (c == y[i])) / N);

    /* dW2 (H,C), db2 (C), dp1 (N,H) */
    matmul_AtB(cache->p1, g->dz2, g->dW2);
    add_scaled(g->dW2, net->W2, 2 * reg);
    colsum(g->dz2, g->db2);
    matmul_ABt(g->dz2, net->W2, g->dp1);

    /* dz1 (N,H): mask goes into dz1 first, then multiplied in place */
    relu_mask(cache->z1, g->dz1);
    hadamard(g->dz1, g->dp1, g->dz1);

    /* dW1 (D,H), db1 (H) */
    matmul_AtB(X, g->dz1, g->dW1);
    add_scaled(g->dW1, net->W1, 2 * reg);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
