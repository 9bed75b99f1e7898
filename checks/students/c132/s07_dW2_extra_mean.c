// backward.c -- homework 4
// Ahmed K.
//
// Layer 2 first, then layer 1.  Every gradient is averaged over the batch
// because the loss is an average (see lecture 6).

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // dZ2[n][c] = (p[n][c] - 1{c == y[n]}) / N
    for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < C; c++) {
            double p = gsl_matrix_get(cache->prob, n, c);
            double t = (c == y[n]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, n, c, (p - t) / N);
        }

    // dW2[h][c] = 1/N * sum_n A1[n][h] * dZ2[n][c]  +  2 reg W2[h][c]
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++) {
            double total = 0.0;
            for (size_t n = 0; n < N; n++)
                total += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            gsl_matrix_set(g->dW2, h, c, total / N + 2 * reg * gsl_matrix_get(net->W2, h, c));
        }

    // db2[c] = sum_n dZ2[n][c]
    for (size_t c = 0; c < C; c++) {
        double total = 0.0;
        for (size_t n = 0; n < N; n++)
            total += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, total);
    }

    // dA1[n][h] = sum_c dZ2[n][c] * W2[h][c]
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++) {
            double total = 0.0;
            for (size_t c = 0; c < C; c++)
                total += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, total);
        }

    // dZ1 = dA1 where the ReLU was on
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++) {
            double on = gsl_matrix_get(cache->z1, n, h) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, n, h, on * gsl_matrix_get(g->dp1, n, h));
        }

    // dW1[d][h] = sum_n X[n][d] * dZ1[n][h]  +  2 reg W1[d][h]
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++) {
            double total = 0.0;
            for (size_t n = 0; n < N; n++)
                total += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, total + 2 * reg * gsl_matrix_get(net->W1, d, h));
        }

    // db1[h] = sum_n dZ1[n][h]
    for (size_t h = 0; h < H; h++) {
        double total = 0.0;
        for (size_t n = 0; n < N; n++)
            total += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, total);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
