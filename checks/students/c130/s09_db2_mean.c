/* backward.c -- A3 neural net, part (c)
 * Name: Daniel Okafor
 * I got tired of typing gsl_matrix_get so there are two macros. */

#include "backprop.h"

#define GET(m, i, j)    gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // dz2 = (prob - y_onehot) / N
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            SET(g->dz2, i, k, (GET(cache->prob, i, k) - (k == y[i])) / N);

    // dW2 = p1^T dz2 + 2 reg W2
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += GET(cache->p1, i, j) * GET(g->dz2, i, k);
            SET(g->dW2, j, k, s + 2 * reg * GET(net->W2, j, k));
        }

    // db2 = average of dz2 over the batch
    for (k = 0; k < C; k++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += GET(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s / N);
    }

    // dp1 = dz2 W2^T
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += GET(g->dz2, i, k) * GET(net->W2, j, k);
            SET(g->dp1, i, j, s);
        }

    // dz1 = dp1 where z1 > 0
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            SET(g->dz1, i, j, GET(cache->z1, i, j) > 0 ? GET(g->dp1, i, j) : 0);

    // dW1 = X^T dz1 + 2 reg W1
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += GET(X, i, k) * GET(g->dz1, i, j);
            SET(g->dW1, k, j, s + 2 * reg * GET(net->W1, k, j));
        }

    // db1 = sum of dz1 over the batch
    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
