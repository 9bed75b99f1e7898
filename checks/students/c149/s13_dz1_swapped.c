/*
 * backward.c  (hw3, part 2)
 *
 * Everything is copied out of the gsl matrices into heap arrays of the
 * form double (*)[cols], so a[i][j] works and each array is one free().
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void get(const gsl_matrix *m, size_t cols, double a[][cols])
{
    for (size_t i = 0; i < m->size1; i++)
        for (size_t j = 0; j < cols; j++)
            a[i][j] = gsl_matrix_get(m, i, j);
}

static void set(gsl_matrix *m, size_t cols, double a[][cols])
{
    for (size_t i = 0; i < m->size1; i++)
        for (size_t j = 0; j < cols; j++)
            gsl_matrix_set(m, i, j, a[i][j]);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double (*in)[D] = malloc(N * sizeof *in);
    double (*W1)[H] = malloc(D * sizeof *W1);
    double (*W2)[C] = malloc(H * sizeof *W2);
    double (*Z1)[H] = malloc(N * sizeof *Z1);
    double (*P1)[H] = malloc(N * sizeof *P1);
    double (*dZ2)[C] = malloc(N * sizeof *dZ2);
    double (*dW2)[C] = calloc(H, sizeof *dW2);
    double (*dP1)[H] = calloc(N, sizeof *dP1);
    double (*dZ1)[H] = calloc(N, sizeof *dZ1);
    double (*dW1)[H] = calloc(D, sizeof *dW1);
    double *dB2 = calloc(C, sizeof *dB2), *dB1 = calloc(H, sizeof *dB1);

    get(X, D, in);
    get(net->W1, H, W1);
    get(net->W2, C, W2);
    get(cache->z1, H, Z1);
    get(cache->p1, H, P1);
    get(cache->prob, C, dZ2);

    /* gradient of the mean cross-entropy */
    for (size_t n = 0; n < N; n++) {
        dZ2[n][y[n]] -= 1.0;
        for (size_t c = 0; c < C; c++)
            dZ2[n][c] *= 1.0 / N;
    }

    for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < C; c++) {
            double t = dZ2[n][c];
            dB2[c] += t;
            for (size_t h = 0; h < H; h++) {
                dW2[h][c] += P1[n][h] * t;
                dP1[n][h] += W2[h][c] * t;
            }
        }
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++)
            dW2[h][c] += 2 * reg * W2[h][c];

    /* relu' is 1 for z > 0 and 0 otherwise */
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++)
            dZ1[n][h] = Z1[n][h] > 0 ? 0.0 : dP1[n][h];

    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++) {
            double t = dZ1[n][h];
            dB1[h] += t;
            for (size_t d = 0; d < D; d++)
                dW1[d][h] += in[n][d] * t;
        }
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++)
            dW1[d][h] += 2 * reg * W1[d][h];

    set(g->dz2, C, dZ2);
    set(g->dW2, C, dW2);
    set(g->dp1, H, dP1);
    set(g->dz1, H, dZ1);
    set(g->dW1, H, dW1);
    for (size_t c = 0; c < C; c++)
        gsl_vector_set(g->db2, c, dB2[c]);
    for (size_t h = 0; h < H; h++)
        gsl_vector_set(g->db1, h, dB1[h]);

    free(in); free(W1); free(W2); free(Z1); free(P1);
    free(dZ2); free(dW2); free(dP1); free(dZ1); free(dW1);
    free(dB2); free(dB1);
    g->present = BP_GRADS_ALL;
    return 0;
}
