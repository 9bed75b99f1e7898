/*
 * backward.c -- homework 3, backpropagation for the 2-layer network
 * (written first in Matlab, then translated to C for the submission)
 */

#include "backprop.h"

#define GET(M, i, j)     gsl_matrix_get((M), (i), (j))
#define SET(M, i, j, v)  gsl_matrix_set((M), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* delta2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            SET(g->dz2, i, k, (GET(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N);

    /* grad_W2 = a1' * delta2 + 2*reg*W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += GET(cache->p1, i, j) * GET(g->dz2, i, k);
            SET(g->dW2, j, k, acc + 2.0 * reg * GET(net->W2, j, k));
        }

    /* grad_b2 = sum(delta2, 1) */
    for (k = 0; k < C; k++) {
        double acc = 0.0;
        for (i = 1; i < N; i++)
            acc += GET(g->dz2, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* dp1 = delta2 * W2' */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += GET(g->dz2, i, k) * GET(net->W2, j, k);
            SET(g->dp1, i, j, acc);
        }

    /* delta1 = dp1 .* (z1 > 0) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            SET(g->dz1, i, j, GET(cache->z1, i, j) > 0 ? GET(g->dp1, i, j) : 0.0);

    /* grad_W1 = X' * delta1 + 2*reg*W1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < N; k++)
                acc += GET(X, k, i) * GET(g->dz1, k, j);
            SET(g->dW1, i, j, acc + 2.0 * reg * GET(net->W1, i, j));
        }

    /* grad_b1 = sum(delta1, 1) */
    for (j = 0; j < H; j++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
