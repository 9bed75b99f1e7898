/*
 * HW3 Q2 -- backward pass.
 *
 *  forward:  z1 = X W1 + b1,  a1 = relu(z1),  z2 = a1 W2 + b2
 *  backward: go through it in reverse
 */

#include "backprop.h"

#define GET(m, i, j) gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, i, j;
    double tmp;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (n = 0; n < N; n++)
        for (j = 0; j < C; j++)
            SET(g->dz2, n, j, (GET(cache->prob, n, j) - (y[n] == j)) / (double) N);

    /* dW2 = z1^T dz2 + 2 reg W2 */
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++) {
            tmp = 0;
            for (n = 0; n < N; n++)
                tmp += GET(cache->z1, n, i) * GET(g->dz2, n, j);
            SET(g->dW2, i, j, tmp + 2 * reg * GET(net->W2, i, j));
        }

    /* db2 */
    for (j = 0; j < C; j++) {
        tmp = 0;
        for (n = 0; n < N; n++)
            tmp += GET(g->dz2, n, j);
        gsl_vector_set(g->db2, j, tmp);
    }

    /* dp1 */
    for (n = 0; n < N; n++)
        for (i = 0; i < H; i++) {
            tmp = 0;
            for (j = 0; j < C; j++)
                tmp += GET(g->dz2, n, j) * GET(net->W2, i, j);
            SET(g->dp1, n, i, tmp);
        }

    /* dz1 */
    for (n = 0; n < N; n++)
        for (i = 0; i < H; i++)
            SET(g->dz1, n, i, GET(cache->z1, n, i) > 0 ? GET(g->dp1, n, i) : 0);

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            tmp = 0;
            for (n = 0; n < N; n++)
                tmp += GET(X, n, i) * GET(g->dz1, n, j);
            SET(g->dW1, i, j, tmp + 2 * reg * GET(net->W1, i, j));
        }

    /* db1 */
    for (j = 0; j < H; j++) {
        tmp = 0;
        for (n = 0; n < N; n++)
            tmp += GET(g->dz1, n, j);
        gsl_vector_set(g->db1, j, tmp);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
