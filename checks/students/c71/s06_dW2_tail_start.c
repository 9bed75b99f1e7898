// Backward pass for the 2-layer net.
// All float. Reductions over the batch are unrolled x4 (the batch is
// the long axis when we train for real).
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// dst[r][c] = sum_n A[n][r] * B[n][c] + lam * W[r][c], A is N x R, B is N x Cc
static void atb_f(const float *A, const float *B, const gsl_matrix *W, float lam,
                  size_t N, size_t R, size_t Cc, gsl_matrix *dst)
{
    size_t n4 = N / 4;
    for (size_t r = 0; r < R; r++)
        for (size_t c = 0; c < Cc; c++) {
            float acc = 0.0f;
            size_t n;
            for (n = 0; n < n4 * 4; n += 4)
                acc += A[n * R + r] * B[n * Cc + c]
                     + A[(n + 1) * R + r] * B[(n + 1) * Cc + c]
                     + A[(n + 2) * R + r] * B[(n + 2) * Cc + c]
                     + A[(n + 3) * R + r] * B[(n + 3) * Cc + c];
            for (n = n4 * 4; n < N; n++)
                acc += A[n * R + r] * B[n * Cc + c];
            gsl_matrix_set(dst, r, c, acc + lam * (float)gsl_matrix_get(W, r, c));
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    float *xf = malloc(N * D * sizeof(float));
    float *p1 = malloc(N * H * sizeof(float));
    float *dsc = malloc(N * C * sizeof(float));
    float *dhid = malloc(N * H * sizeof(float));
    float lam = 2.0f * (float)reg;

    if (!xf || !p1 || !dsc || !dhid) {
        free(xf); free(p1); free(dsc); free(dhid);
        return -1;
    }
    for (size_t i = 0; i < N * D; i++)
        xf[i] = (float)gsl_matrix_get(X, i / D, i % D);
    for (size_t i = 0; i < N * H; i++)
        p1[i] = (float)gsl_matrix_get(cache->p1, i / H, i % H);

    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < C; k++) {
            float pr = (float)gsl_matrix_get(cache->prob, i, k);
            dsc[i * C + k] = (k == y[i] ? pr - 1.0f : pr) / (float)N;
            gsl_matrix_set(g->dz2, i, k, dsc[i * C + k]);
        }

    // dW2: hidden^T * dscores, tail done separately below
    {
        size_t n4 = N / 4;
        for (size_t j = 0; j < H; j++)
            for (size_t k = 0; k < C; k++) {
                float acc = 0.0f;
                size_t n;
                for (n = 0; n < n4 * 4; n += 4)
                    acc += p1[n * H + j] * dsc[n * C + k]
                         + p1[(n + 1) * H + j] * dsc[(n + 1) * C + k]
                         + p1[(n + 2) * H + j] * dsc[(n + 2) * C + k]
                         + p1[(n + 3) * H + j] * dsc[(n + 3) * C + k];
                for (n = n4; n < N; n++)
                    acc += p1[n * H + j] * dsc[n * C + k];
                gsl_matrix_set(g->dW2, j, k, acc + lam * (float)gsl_matrix_get(net->W2, j, k));
            }
    }

    for (size_t k = 0; k < C; k++) {
        float s = 0.0f;
        for (size_t i = 0; i < N; i++)
            s += dsc[i * C + k];
        gsl_vector_set(g->db2, k, s);
    }

    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            float s = 0.0f;
            for (size_t k = 0; k < C; k++)
                s += dsc[i * C + k] * (float)gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
            dhid[i * H + j] = gsl_matrix_get(cache->z1, i, j) > 0 ? s : 0.0f;
            gsl_matrix_set(g->dz1, i, j, dhid[i * H + j]);
        }

    atb_f(xf, dhid, net->W1, lam, N, D, H, g->dW1);

    for (size_t j = 0; j < H; j++) {
        float s = 0.0f;
        for (size_t i = 0; i < N; i++)
            s += dhid[i * H + j];
        gsl_vector_set(g->db1, j, s);
    }

    free(xf); free(p1); free(dsc); free(dhid);
    g->present = BP_GRADS_ALL;
    return 0;
}
