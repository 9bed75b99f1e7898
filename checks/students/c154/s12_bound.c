/* backward.c
 * ML module coursework (C part) - backward pass of the two layer network.
 * GET/SET are shorthands for the gsl accessors to keep the lines short.
 */

#include "backprop.h"

#define GET(m, i, j) gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* softmax cross-entropy gradient for the whole batch */
static void softmax_grad(const gsl_matrix *prob, const size_t *y, gsl_matrix *dz)
{
    size_t n, c, N = prob->size1;
    for (n = 0; n < N; n++)
        for (c = 0; c < prob->size2; c++)
            SET(dz, n, c, (GET(prob, n, c) - (c == y[n] ? 1.0 : 0.0)) / (double) N);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    double sum;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    softmax_grad(cache->prob, y, g->dz2);

    /* dW2 (H x C) and db2 (C) */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            sum = 0.0;
            for (n = 0; n < N; n++)
                sum += GET(cache->p1, n, h) * GET(g->dz2, n, c);
            SET(g->dW2, h, c, sum + 2.0 * reg * GET(net->W2, h, c));
        }
    for (c = 0; c < C; c++) {
        sum = 0.0;
        for (n = 0; n < N; n++)
            sum += GET(g->dz2, n, c);
        gsl_vector_set(g->db2, c, sum);
    }

    /* dp1 (N x H) and dz1 (N x H) */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            sum = 0.0;
            for (c = 0; c < C; c++)
                sum += GET(g->dz2, n, c) * GET(net->W2, h, c);
            SET(g->dp1, n, h, sum);
        }
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            SET(g->dz1, n, h, GET(cache->z1, n, h) > 0 ? GET(g->dp1, n, h) : 0.0);

    /* dW1 (D x H) */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            sum = 0.0;
            for (n = 0; n < N - 1; n++)
                sum += GET(X, n, d) * GET(g->dz1, n, h);
            SET(g->dW1, d, h, sum + 2.0 * reg * GET(net->W1, d, h));
        }

    /* db1 (H) */
    for (h = 0; h < H; h++) {
        sum = 0.0;
        for (n = 0; n < N; n++)
            sum += GET(g->dz1, n, h);
        gsl_vector_set(g->db1, h, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
