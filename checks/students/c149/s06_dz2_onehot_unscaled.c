/*
 *  Homework 3 -- backprop through the 2 layer net by hand.
 *  Local copies are stack VLAs (small nets only!), zeroed with loops.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const int N = (int) X->size1;
    const int D = (int) net->D;
    const int H = (int) net->H;
    const int C = (int) net->C;
    int n, d, h, c;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    {
        return 1;
    }

    double Xl[N][D], W1l[D][H], W2l[H][C], Z1l[N][H], P1l[N][H], Pr[N][C];
    double dZ2[N][C], dW2[H][C], dB2[C], dP1[N][H], dZ1[N][H], dW1[D][H], dB1[H];

    for (n = 0; n < N; n++)
    {
        for (d = 0; d < D; d++)
            Xl[n][d] = gsl_matrix_get(X, n, d);
        for (h = 0; h < H; h++)
        {
            Z1l[n][h] = gsl_matrix_get(cache->z1, n, h);
            P1l[n][h] = gsl_matrix_get(cache->p1, n, h);
        }
        for (c = 0; c < C; c++)
            Pr[n][c] = gsl_matrix_get(cache->prob, n, c);
    }
    for (h = 0; h < H; h++)
    {
        for (d = 0; d < D; d++)
            W1l[d][h] = gsl_matrix_get(net->W1, d, h);
        for (c = 0; c < C; c++)
            W2l[h][c] = gsl_matrix_get(net->W2, h, c);
    }

    /* dZ2 = (P - Y) / N */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
        {
            dZ2[n][c] = Pr[n][c] / N;
            if ((size_t) c == y[n])
                dZ2[n][c] -= 1.0;
        }

    /* dW2 = P1^T dZ2 + 2 reg W2, dB2 = sum over samples */
    for (c = 0; c < C; c++)
    {
        dB2[c] = 0.0;
        for (n = 0; n < N; n++)
            dB2[c] += dZ2[n][c];
        for (h = 0; h < H; h++)
        {
            dW2[h][c] = 2.0 * reg * W2l[h][c];
            for (n = 0; n < N; n++)
                dW2[h][c] += P1l[n][h] * dZ2[n][c];
        }
    }

    /* dP1 = dZ2 W2^T, then the relu */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
        {
            dP1[n][h] = 0.0;
            for (c = 0; c < C; c++)
                dP1[n][h] += dZ2[n][c] * W2l[h][c];
            dZ1[n][h] = (Z1l[n][h] > 0.0) ? dP1[n][h] : 0.0;
        }

    /* dW1 = X^T dZ1 + 2 reg W1, dB1 */
    for (h = 0; h < H; h++)
    {
        dB1[h] = 0.0;
        for (n = 0; n < N; n++)
            dB1[h] += dZ1[n][h];
        for (d = 0; d < D; d++)
        {
            dW1[d][h] = 2.0 * reg * W1l[d][h];
            for (n = 0; n < N; n++)
                dW1[d][h] += Xl[n][d] * dZ1[n][h];
        }
    }

    for (n = 0; n < N; n++)
    {
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dz2, n, c, dZ2[n][c]);
        for (h = 0; h < H; h++)
        {
            gsl_matrix_set(g->dp1, n, h, dP1[n][h]);
            gsl_matrix_set(g->dz1, n, h, dZ1[n][h]);
        }
    }
    for (h = 0; h < H; h++)
    {
        gsl_vector_set(g->db1, h, dB1[h]);
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, dW2[h][c]);
        for (d = 0; d < D; d++)
            gsl_matrix_set(g->dW1, d, h, dW1[d][h]);
    }
    for (c = 0; c < C; c++)
        gsl_vector_set(g->db2, c, dB2[c]);

    g->present = BP_GRADS_ALL;
    return 0;
}
