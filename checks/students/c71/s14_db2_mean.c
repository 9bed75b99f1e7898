// backward.c
// float scratch on the stack (VLAs), unrolled where it matters
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    float dz2[N][C], dz1[N][H], p1[N][H], x[N][D];
    const float invN = 1.0f / (float)N;

    for (size_t n = 0; n < N; n++) {
        for (size_t c = 0; c < C; c++)
            dz2[n][c] = ((float)gsl_matrix_get(cache->prob, n, c) - (c == y[n])) * invN;
        for (size_t h = 0; h < H; h++)
            p1[n][h] = (float)gsl_matrix_get(cache->p1, n, h);
        for (size_t d = 0; d < D; d++)
            x[n][d] = (float)gsl_matrix_get(X, n, d);
    }

    for (size_t c = 0; c < C; c++) {
        float bsum = 0.0f;
        for (size_t n = 0; n < N; n++) {
            gsl_matrix_set(g->dz2, n, c, dz2[n][c]);
            bsum += dz2[n][c];
        }
        gsl_vector_set(g->db2, c, bsum * invN);     // average over the batch
        for (size_t h = 0; h < H; h++) {
            float s = 0.0f;
            for (size_t n = 0; n < N; n++)
                s += p1[n][h] * dz2[n][c];
            gsl_matrix_set(g->dW2, h, c, s + 2.0f * (float)reg * (float)gsl_matrix_get(net->W2, h, c));
        }
    }

    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++) {
            float s = 0.0f;
            size_t c = 0;
            for (; c + 4 <= C; c += 4)
                s += dz2[n][c] * (float)gsl_matrix_get(net->W2, h, c)
                   + dz2[n][c + 1] * (float)gsl_matrix_get(net->W2, h, c + 1)
                   + dz2[n][c + 2] * (float)gsl_matrix_get(net->W2, h, c + 2)
                   + dz2[n][c + 3] * (float)gsl_matrix_get(net->W2, h, c + 3);
            for (; c < C; c++)
                s += dz2[n][c] * (float)gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, s);
            dz1[n][h] = gsl_matrix_get(cache->z1, n, h) > 0.0 ? s : 0.0f;
            gsl_matrix_set(g->dz1, n, h, dz1[n][h]);
        }

    for (size_t h = 0; h < H; h++) {
        float bsum = 0.0f;
        for (size_t n = 0; n < N; n++)
            bsum += dz1[n][h];
        gsl_vector_set(g->db1, h, bsum);
        for (size_t d = 0; d < D; d++) {
            float s = 0.0f;
            for (size_t n = 0; n < N; n++)
                s += x[n][d] * dz1[n][h];
            gsl_matrix_set(g->dW1, d, h, s + 2.0f * (float)reg * (float)gsl_matrix_get(net->W1, d, h));
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
