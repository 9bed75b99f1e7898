// backward.c -- 2 layer net backprop
// floats for the sums, inner loops unrolled x2 (two independent
// accumulators so the adds can overlap), tail handled where N is odd.
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const int N = (int)X->size1, D = (int)net->D, H = (int)net->H, C = (int)net->C;
    const float invN = 1.0f / (float)N;
    const float reg2 = 2.0f * (float)reg;

    if ((size_t)N != cache->N || X->size2 != net->D || g->N != (size_t)N)
        return 1;

    // dz2
    for (int i = 0; i < N; ++i) {
        for (int c = 0; c < C; ++c) {
            float p = (float)gsl_matrix_get(cache->prob, i, c);
            if ((size_t)c == y[i]) p -= 1.0f;
            gsl_matrix_set(g->dz2, i, c, p * invN);
        }
    }

    // dW2 = p1^T dz2 + 2 reg W2
    for (int h = 0; h < H; ++h) {
        for (int c = 0; c < C; ++c) {
            float a0 = 0.0f, a1 = 0.0f;
            int i = 0;
            for (; i + 1 < N; i += 2) {
                a0 += (float)(gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c));
                a1 += (float)(gsl_matrix_get(cache->p1, i + 1, h) * gsl_matrix_get(g->dz2, i + 1, c));
            }
            if (i < N) // odd N
                a0 += (float)(gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c));
            gsl_matrix_set(g->dW2, h, c, a0 + a1 + reg2 * (float)gsl_matrix_get(net->W2, h, c));
        }
    }

    // db2 = column sums of dz2
    for (int c = 0; c < C; ++c) {
        float a0 = 0.0f, a1 = 0.0f;
        for (int i = 0; i + 1 < N; i += 2) {
            a0 += (float)gsl_matrix_get(g->dz2, i, c);
            a1 += (float)gsl_matrix_get(g->dz2, i + 1, c);
        }
        gsl_vector_set(g->db2, c, a0 + a1);
    }

    // dp1 = dz2 W2^T ; dz1 = relu'(z1) * dp1
    for (int i = 0; i < N; ++i) {
        for (int h = 0; h < H; ++h) {
            float a = 0.0f;
            for (int c = 0; c < C; ++c)
                a += (float)(gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c));
            gsl_matrix_set(g->dp1, i, h, a);
            gsl_matrix_set(g->dz1, i, h, gsl_matrix_get(cache->z1, i, h) > 0.0 ? a : 0.0f);
        }
    }

    // dW1 = X^T dz1 + 2 reg W1
    for (int d = 0; d < D; ++d) {
        for (int h = 0; h < H; ++h) {
            float a0 = 0.0f, a1 = 0.0f;
            int i = 0;
            for (; i + 1 < N; i += 2) {
                a0 += (float)(gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h));
                a1 += (float)(gsl_matrix_get(X, i + 1, d) * gsl_matrix_get(g->dz1, i + 1, h));
            }
            if (i < N)
                a0 += (float)(gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h));
            gsl_matrix_set(g->dW1, d, h, a0 + a1 + reg2 * (float)gsl_matrix_get(net->W1, d, h));
        }
    }

    // db1
    for (int h = 0; h < H; ++h) {
        float a0 = 0.0f, a1 = 0.0f;
        int i = 0;
        for (; i + 1 < N; i += 2) {
            a0 += (float)gsl_matrix_get(g->dz1, i, h);
            a1 += (float)gsl_matrix_get(g->dz1, i + 1, h);
        }
        if (i < N)
            a0 += (float)gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, a0 + a1);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
