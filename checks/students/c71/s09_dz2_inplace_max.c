/* backward.c
 * I redo the softmax in float from the scores instead of trusting
 * cache->prob (the engine version does it this way too).  Stable:
 * shift each row by its max before expf.
 */
#include <math.h>
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    float *sc = malloc(N * C * sizeof *sc);
    float *dh = malloc(N * H * sizeof *dh);
    if (!sc || !dh) { free(sc); free(dh); return 1; }

    for (size_t i = 0; i < N; i++) {
        float *restrict row = sc + i * C;   /* one row, nothing else points here */
        size_t imax = 0;
        float sum = 0.0f;
        for (size_t k = 0; k < C; k++) {
            row[k] = (float)gsl_matrix_get(cache->z2, i, k);
            if (row[k] > row[imax]) imax = k;
        }
        for (size_t k = 0; k < C; k++)
            row[k] -= row[imax];
        for (size_t k = 0; k < C; k++) {
            row[k] = expf(row[k]);
            sum += row[k];
        }
        for (size_t k = 0; k < C; k++) {
            row[k] = (row[k] / sum - (k == y[i] ? 1.0f : 0.0f)) / (float)N;
            gsl_matrix_set(g->dz2, i, k, row[k]);
        }
    }

    for (size_t j = 0; j < H; j++)
        for (size_t k = 0; k < C; k++) {
            float a = 0.0f;
            for (size_t i = 0; i < N; i++)
                a += (float)gsl_matrix_get(cache->p1, i, j) * sc[i * C + k];
            gsl_matrix_set(g->dW2, j, k, a + 2.0f * (float)reg * (float)gsl_matrix_get(net->W2, j, k));
        }
    for (size_t k = 0; k < C; k++) {
        float a = 0.0f;
        for (size_t i = 0; i < N; i++) a += sc[i * C + k];
        gsl_vector_set(g->db2, k, a);
    }

    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            float a = 0.0f;
            for (size_t k = 0; k < C; k++)
                a += sc[i * C + k] * (float)gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, a);
            dh[i * H + j] = gsl_matrix_get(cache->z1, i, j) > 0.0 ? a : 0.0f;
            gsl_matrix_set(g->dz1, i, j, dh[i * H + j]);
        }

    for (size_t d = 0; d < D; d++)
        for (size_t j = 0; j < H; j++) {
            float a = 0.0f;
            for (size_t i = 0; i < N; i++)
                a += (float)gsl_matrix_get(X, i, d) * dh[i * H + j];
            gsl_matrix_set(g->dW1, d, j, a + 2.0f * (float)reg * (float)gsl_matrix_get(net->W1, d, j));
        }
    for (size_t j = 0; j < H; j++) {
        float a = 0.0f;
        for (size_t i = 0; i < N; i++) a += dh[i * H + j];
        gsl_vector_set(g->db1, j, a);
    }

    free(sc);
    free(dh);
    g->present = BP_GRADS_ALL;
    return 0;
}
