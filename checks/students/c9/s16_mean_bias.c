/*
 * backward.c -- Olu Adeyemi, ECE 5xx homework 3
 *
 * Notes to self:
 *  - dz2 already has the 1/N of the mean in it, so everything below it
 *    is already "per batch".
 *  - the biases are NOT regularised.
 *  - rows of dz2 / dz1 are copied into stack arrays so the inner loops
 *    are on plain doubles.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t D = net->D, H = net->H, C = net->C;

    if (N != cache->N) return 1;
    if (X->size2 != D) return 1;
    if (g->N != N) return 1;

    double d2[N][C];    /* dz2 */
    double d1[N][H];    /* dz1 */

    /* output layer */
    for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < C; c++) {
            double p = gsl_matrix_get(cache->prob, n, c);
            d2[n][c] = (c == y[n] ? p - 1.0 : p) / (double)N;
            gsl_matrix_set(g->dz2, n, c, d2[n][c]);
        }

    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++) {
            double acc = 0.0;
            for (size_t n = 0; n < N; n++)
                acc += gsl_matrix_get(cache->p1, n, h) * d2[n][c];
            gsl_matrix_set(g->dW2, h, c, acc + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
        }

    for (size_t c = 0; c < C; c++) {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
            acc += d2[n][c];
        gsl_vector_set(g->db2, c, acc);
    }

    /* hidden layer */
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++) {
            double acc = 0.0;
            for (size_t c = 0; c < C; c++)
                acc += d2[n][c] * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, acc);
            d1[n][h] = gsl_matrix_get(cache->z1, n, h) > 0.0 ? acc : 0.0;
            gsl_matrix_set(g->dz1, n, h, d1[n][h]);
        }

    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++) {
            double acc = 0.0;
            for (size_t n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, d) * d1[n][h];
            gsl_matrix_set(g->dW1, d, h, acc + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
        }

    /* b1: mean over the batch */
    for (size_t h = 0; h < H; h++) {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
            acc += d1[n][h];
        gsl_vector_set(g->db1, h, acc / (double)N);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
