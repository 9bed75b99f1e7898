/* lena w. -- hw3 backward
 * everything on the raw arrays, it's faster than gsl_matrix_get */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    const double *P = cache->prob->data, *A = cache->p1->data, *Z = cache->z1->data;
    const double *W1 = net->W1->data, *W2 = net->W2->data, *x = X->data;
    double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
    double *dz1 = g->dz1->data, *dW1 = g->dW1->data, *db1 = g->db1->data;

    // dz2
    for (size_t i = 0; i < N * C; i++) dz2[i] = P[i] / N;
    for (size_t i = 0; i < N; i++) dz2[i * C + y[i]] -= 1.0 / N;

    // dW2 db2
    for (size_t i = 0; i < H * C; i++) dW2[i] = 2 * reg * W2[i];
    for (size_t k = 0; k < C; k++) db2[k] = 0;
    for (size_t n = 0; n < N; n++) {
        for (size_t j = 0; j < H; j++)
            for (size_t k = 0; k < C; k++)
                dW2[j * C + k] += A[n * H + j] * dz2[n * C + k];
        for (size_t k = 0; k < C; k++) db2[k] += dz2[n * C + k];
    }

    // dp1 (keep a local copy, needed for dz1)
    double *dh = malloc(N * H * sizeof *dh);
    if (!dh) return 1;
    for (size_t n = 0; n < N; n++)
        for (size_t j = 0; j < H; j++) {
            double s = 0;
            for (size_t k = 0; k < C; k++) s += dz2[n * C + k] * W2[j * C + k];
            dh[n * H + j] = s;
        }
    memcpy(dh, g->dp1->data, N * H * sizeof *dh);

    // dz1 = dp1 * relu'(z1)
    for (size_t i = 0; i < N * H; i++) dz1[i] = Z[i] > 0 ? dh[i] : 0;
    free(dh);

    // dW1 db1
    for (size_t i = 0; i < D * H; i++) dW1[i] = 2 * reg * W1[i];
    for (size_t j = 0; j < H; j++) db1[j] = 0;
    for (size_t n = 0; n < N; n++) {
        for (size_t d = 0; d < D; d++)
            for (size_t j = 0; j < H; j++)
                dW1[d * H + j] += x[n * D + d] * dz1[n * H + j];
        for (size_t j = 0; j < H; j++) db1[j] += dz1[n * H + j];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
