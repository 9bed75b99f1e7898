/*
 * backward.c   HW4 / two-layer net
 * TODO 1 - TODO 7 below.  Shapes:
 *   dscores N x C, dW2 H x C, db2 C, dhidden N x H, dz1 N x H, dW1 D x H, db1 H
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    double dscores[N][C];   /* dz2 */
    double dW2[H][C];
    double db2[C];
    double dhidden[N][H];   /* dp1 */
    double dz1[N][H];
    double dW1[D][H];
    double db1[H];

    /* TODO 1: dscores */
    for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < C; c++) {
            double ind = (c == y[n]) ? 1.0 : 0.0;
            dscores[n][c] = (gsl_matrix_get(cache->prob, n, c) - ind) / (double) N;
        }

    /* TODO 2: dW2 */
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++) {
            double acc = 2.0 * reg * gsl_matrix_get(net->W2, h, c);
            for (size_t n = 0; n < N; n++)
                acc += gsl_matrix_get(cache->p1, n, h) * dscores[n][c];
            dW2[h][c] = acc;
        }

    /* TODO 3: db2 */
    for (size_t c = 0; c < C; c++) {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
            acc += dscores[n][c];
        db2[c] = acc;
    }

    /* TODO 4: dhidden, backprop through the second layer (H x C matrix, transposed) */
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++) {
            double acc = 0.0;
            for (size_t c = 0; c < C; c++)
                acc += dscores[n][c] * dW2[h][c];
            dhidden[n][h] = acc;
        }

    /* TODO 5: dz1 */
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++)
            dz1[n][h] = (gsl_matrix_get(cache->z1, n, h) > 0.0) * dhidden[n][h];

    /* TODO 6: dW1 */
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++) {
            double acc = 2.0 * reg * gsl_matrix_get(net->W1, d, h);
            for (size_t n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, d) * dz1[n][h];
            dW1[d][h] = acc;
        }

    /* TODO 7: db1 */
    for (size_t h = 0; h < H; h++) {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
            acc += dz1[n][h];
        db1[h] = acc;
    }

    /* ---- copy into g (given, do not change) ---- */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < C; j++)
            gsl_matrix_set(g->dz2, i, j, dscores[i][j]);
    for (size_t i = 0; i < H; i++)
        for (size_t j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, dW2[i][j]);
    for (size_t j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, db2[j]);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, dhidden[i][j]);
            gsl_matrix_set(g->dz1, i, j, dz1[i][j]);
        }
    for (size_t i = 0; i < D; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, dW1[i][j]);
    for (size_t j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1[j]);

    g->present = BP_GRADS_ALL;
    return 0;
}
