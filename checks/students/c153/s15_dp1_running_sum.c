/* Backward pass of the 2-layer network.
 * GET/SET are shorthands for gsl_matrix_get/gsl_matrix_set. */

#include "backprop.h"

#define GET(m, i, j)    gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double sum;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* 1. gradient of the loss w.r.t. the scores (N x C) */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            SET(g->dz2, i, k, (GET(cache->prob, i, k) - (k == y[i])) / N);

    /* 2. dW2 (H x C) = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += GET(cache->p1, i, j) * GET(g->dz2, i, k);
            SET(g->dW2, j, k, sum + 2.0 * reg * GET(net->W2, j, k));
        }

    /* 3. db2 (C) */
    for (k = 0; k < C; k++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += GET(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* 4. dp1 (N x H) = dz2 W2^T */
    for (i = 0; i < N; i++) {
        sum = 0.0;
        for (j = 0; j < H; j++) {
            for (k = 0; k < C; k++)
                sum += GET(g->dz2, i, k) * GET(net->W2, j, k);
            SET(g->dp1, i, j, sum);
        }
    }

    /* 5. dz1 (N x H): relu backward */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            SET(g->dz1, i, j, GET(cache->z1, i, j) > 0 ? GET(g->dp1, i, j) : 0.0);

    /* 6. dW1 (D x H) = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += GET(X, i, k) * GET(g->dz1, i, j);
            SET(g->dW1, k, j, sum + 2.0 * reg * GET(net->W1, k, j));
        }

    /* 7. db1 (H) */
    for (j = 0; j < H; j++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
