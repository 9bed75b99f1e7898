// backward pass, float VLAs + 4-wide unrolled inner loops
// (same trick as my skinning code: 4 lanes then a scalar tail)
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// sum of a[0..n-1] * b[0..n-1], 4 accumulators
static float dot4(const float *a, const float *b, int n)
{
    float s0 = 0.f, s1 = 0.f, s2 = 0.f, s3 = 0.f;
    int i = 0;
    for (; i + 3 < n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++)          // tail
        s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const int N = (int)X->size1, D = (int)net->D, H = (int)net->H, C = (int)net->C;
    const float r2 = 2.0f * (float)reg;

    // transposed copies so every reduction is a contiguous dot product
    float xT[D][N], p1T[H][N], dz2T[C][N], dz1T[H][N], w2[H][C];

    for (int n = 0; n < N; n++) {
        // softmax again in float, from the scores
        float mx = -INFINITY, sum = 0.f, e[C];
        for (int c = 0; c < C; c++)
            mx = fmaxf(mx, (float)gsl_matrix_get(cache->z2, n, c));
        for (int c = 0; c < C; c++) {
            e[c] = expf((float)gsl_matrix_get(cache->z2, n, c) - mx);
            sum += e[c];
        }
        for (int c = 0; c < C; c++) {
            float d = e[c] / sum - (c == (int)y[n] ? 1.f : 0.f);
            dz2T[c][n] = d / (float)N;
            gsl_matrix_set(g->dz2, n, c, dz2T[c][n]);
        }
        for (int h = 0; h < H; h++)
            p1T[h][n] = (float)gsl_matrix_get(cache->p1, n, h);
        for (int d = 0; d < D; d++)
            xT[d][n] = (float)gsl_matrix_get(X, n, d);
    }
    for (int h = 0; h < H; h++)
        for (int c = 0; c < C; c++)
            w2[h][c] = (float)gsl_matrix_get(net->W2, h, c);

    for (int h = 0; h < H; h++)
        for (int c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, dot4(p1T[h], dz2T[c], N) + r2 * w2[h][c]);

    for (int c = 0; c < C; c++) {
        float s = 0.f;
        for (int n = 0; n < N; n++) s += dz2T[c][n];
        gsl_vector_set(g->db2, c, s);
    }

    for (int n = 0; n < N; n++)
        for (int h = 0; h < H; h++) {
            float s = 0.f;
            for (int c = 0; c < C; c++) s += dz2T[c][n] * w2[h][c];
            gsl_matrix_set(g->dp1, n, h, s);
            dz1T[h][n] = gsl_matrix_get(cache->z1, n, h) > 0.0 ? s : 0.f;
            gsl_matrix_set(g->dz1, n, h, dz1T[h][n]);
        }

    for (int d = 0; d < D; d++)
        for (int h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, d, h,
                           dot4(xT[d], dz1T[h], N) + r2 * (float)gsl_matrix_get(net->W1, d, h));

    for (int h = 0; h < H; h++) {
        float s = 0.f;
        for (int n = 0; n < N; n++) s += dz1T[h][n];
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
