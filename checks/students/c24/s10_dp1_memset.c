/*
 * backward.c -- assignment 2 (backprop in C)
 *
 * I use "axpy" style loops everywhere: zero the output with memset, then
 * add scaled rows into it.  That keeps the inner loop contiguous in
 * memory (row-major!), which was the point of the cache lecture.
 *
 * gradients:
 *   dz2 = (prob - onehot) / N
 *   dW2 = p1^T dz2 + 2 reg W2,   db2 = colsum(dz2)
 *   dp1 = dz2 W2^T
 *   dz1 = dp1 .* (z1 > 0)
 *   dW1 = X^T dz1 + 2 reg W1,    db1 = colsum(dz1)
 *
 * memsets assume the matrices are contiguous (tda == size2), which they
 * are when allocated with gsl_matrix_alloc.
 */
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    const double *prob = cache->prob->data;
    const double *z1 = cache->z1->data;
    const double *p1 = cache->p1->data;
    const double *x  = X->data;
    const double *W1 = net->W1->data;
    const double *W2 = net->W2->data;

    double *dz2 = g->dz2->data;
    double *dW2 = g->dW2->data;
    double *db2 = g->db2->data;
    double *dp1 = g->dp1->data;
    double *dz1 = g->dz1->data;
    double *dW1 = g->dW1->data;
    double *db1 = g->db1->data;

    /* dz2 */
    memcpy(dz2, prob, N * C * sizeof(double));
    for (size_t i = 0; i < N; i++)
        dz2[i * C + y[i]] -= 1.0;
    for (size_t i = 0; i < N * C; i++)
        dz2[i] /= (double) N;

    /* dW2 = p1^T dz2 : row k of dW2 += p1[i][k] * (row i of dz2) */
    memset(dW2, 0, H * C * sizeof(double));
    for (size_t i = 0; i < N; i++) {
        const double *drow = dz2 + i * C;
        for (size_t k = 0; k < H; k++) {
            double a = p1[i * H + k];
            double *out = dW2 + k * C;
            for (size_t c = 0; c < C; c++)
                out[c] += a * drow[c];
        }
    }
    for (size_t t = 0; t < H * C; t++)
        dW2[t] += 2.0 * reg * W2[t];

    /* db2 */
    memset(db2, 0, C * sizeof(double));
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++)
            db2[c] += dz2[i * C + c];

    /* dp1 = dz2 W2^T : row i of dp1 += dz2[i][c] * (column c of W2) */
    memset(dp1, 0, N * C * sizeof(double));
    for (size_t i = 0; i < N; i++) {
        double *out = dp1 + i * H;
        for (size_t c = 0; c < C; c++) {
            double d = dz2[i * C + c];
            for (size_t k = 0; k < H; k++)
                out[k] += d * W2[k * C + c];
        }
    }

    /* dz1 */
    for (size_t t = 0; t < N * H; t++)
        dz1[t] = z1[t] > 0.0 ? dp1[t] : 0.0;

    /* dW1 = X^T dz1 : row m of dW1 += x[i][m] * (row i of dz1) */
    memset(dW1, 0, D * H * sizeof(double));
    for (size_t i = 0; i < N; i++) {
        const double *drow = dz1 + i * H;
        for (size_t m = 0; m < D; m++) {
            double a = x[i * D + m];
            double *out = dW1 + m * H;
            for (size_t k = 0; k < H; k++)
                out[k] += a * drow[k];
        }
    }
    for (size_t t = 0; t < D * H; t++)
        dW1[t] += 2.0 * reg * W1[t];

    /* db1 */
    memset(db1, 0, H * sizeof(double));
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++)
            db1[k] += dz1[i * H + k];

    g->present = BP_GRADS_ALL;
    return 0;
}
