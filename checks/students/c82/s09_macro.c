/*
 * HW2 backward.c -- Ahmed S.
 * Macros to keep the loops readable.
 */
#include "backprop.h"

#define GET(m, i, j)     gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v)  gsl_matrix_set((m), (i), (j), (v))
#define RELU_ON(i, j)    (GET(g->dp1, (i), (j)) > 0.0)   /* unit i,j was active */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            SET(g->dz2, i, k, (GET(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N);

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 2.0 * reg * GET(net->W2, j, k);
            for (i = 0; i < N; i++)
                s += GET(cache->p1, i, j) * GET(g->dz2, i, k);
            SET(g->dW2, j, k, s);
        }

    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += GET(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += GET(g->dz2, i, k) * GET(net->W2, j, k);
            SET(g->dp1, i, j, s);
        }

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            SET(g->dz1, i, j, RELU_ON(i, j) ? GET(g->dp1, i, j) : 0.0);

    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 2.0 * reg * GET(net->W1, k, j);
            for (i = 0; i < N; i++)
                s += GET(X, i, k) * GET(g->dz1, i, j);
            SET(g->dW1, k, j, s);
        }

    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
