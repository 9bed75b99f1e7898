/*
 * backward.c -- gradients of
 *     L = -(1/N) sum_n log P[n][y_n] + reg (||W1||^2 + ||W2||^2)
 *
 * Indices n (sample), j (hidden), c (class), d (input).
 *
 * Regularisation: d/dW [ reg ||W||^2 ] = reg W   (the 1/2 and the 2 cancel)
 * so dW1[d][j] = sum_n X[n][d] dz1[n][j] + reg W1[d][j].
 * The same for W2.
 */
#include "backprop.h"

#define M(A, r, c) gsl_matrix_get((A), (r), (c))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, j, c, d;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2[n][c] = (P[n][c] - [c = y_n]) / N */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dz2, n, c, (M(cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0)) / N);

    /* dW2[j][c] = sum_n p1[n][j] dz2[n][c] + 2 reg W2[j][c] */
    for (j = 0; j < H; j++)
        for (c = 0; c < C; c++) {
            double t = 0.0;
            for (n = 0; n < N; n++)
                t += M(cache->p1, n, j) * M(g->dz2, n, c);
            gsl_matrix_set(g->dW2, j, c, t + 2.0 * reg * M(net->W2, j, c));
        }

    /* db2[c] = sum_n dz2[n][c] */
    for (c = 0; c < C; c++) {
        double t = 0.0;
        for (n = 0; n < N; n++)
            t += M(g->dz2, n, c);
        gsl_vector_set(g->db2, c, t);
    }

    /* dp1[n][j] = sum_c dz2[n][c] W2[j][c];  dz1 = dp1 where z1 > 0 */
    for (n = 0; n < N; n++)
        for (j = 0; j < H; j++) {
            double t = 0.0;
            for (c = 0; c < C; c++)
                t += M(g->dz2, n, c) * M(net->W2, j, c);
            gsl_matrix_set(g->dp1, n, j, t);
            gsl_matrix_set(g->dz1, n, j, M(cache->z1, n, j) > 0.0 ? t : 0.0);
        }

    /* dW1[d][j] = sum_n X[n][d] dz1[n][j] + reg W1[d][j] */
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++) {
            double t = 0.0;
            for (n = 0; n < N; n++)
                t += M(X, n, d) * M(g->dz1, n, j);
            gsl_matrix_set(g->dW1, d, j, t + reg * M(net->W1, d, j));
        }

    /* db1[j] = sum_n dz1[n][j] */
    for (j = 0; j < H; j++) {
        double t = 0.0;
        for (n = 0; n < N; n++)
            t += M(g->dz1, n, j);
        gsl_vector_set(g->db1, j, t);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
