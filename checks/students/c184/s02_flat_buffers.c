// backward pass, plain loops over ->data
// two flat buffers that grow with realloc and are never shrunk, so
// after the first few steps there is no allocation at all.
#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double *dz2_buf = NULL;   // N*C, row-major, no padding
static double *dz1_buf = NULL;   // N*H
static size_t dz2_cap = 0, dz1_cap = 0;

static int grow(double **buf, size_t *cap, size_t n)
{
    double *p;
    if (n <= *cap)
        return 0;
    p = realloc(*buf, n * sizeof *p);
    if (p == NULL)
        return -1;
    *buf = p;
    *cap = n;
    return 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    if (grow(&dz2_buf, &dz2_cap, N * C) || grow(&dz1_buf, &dz1_cap, N * H))
        return 1;

    // scores gradient
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            s = AT(cache->prob, i, k);
            if (k == y[i])
                s -= 1.0;
            dz2_buf[i * C + k] = s / (double) N;
            AT(g->dz2, i, k) = dz2_buf[i * C + k];
        }
    }

    // dW2[h][k] = sum_i p1[i][h] dz2[i][k], plus the L2 part
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += AT(cache->p1, i, j) * dz2_buf[i * C + k];
            AT(g->dW2, j, k) = s + 2.0 * reg * AT(net->W2, j, k);
        }
    }

    for (k = 0; k < C; k++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += dz2_buf[i * C + k];
        g->db2->data[k * g->db2->stride] = s;
    }

    // hidden layer: dp1 = dz2 W2^T, and straight away the relu
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += dz2_buf[i * C + k] * AT(net->W2, j, k);
            AT(g->dp1, i, j) = s;
            dz1_buf[i * H + j] = AT(cache->z1, i, j) > 0.0 ? s : 0.0;
            AT(g->dz1, i, j) = dz1_buf[i * H + j];
        }
    }

    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += AT(X, i, k) * dz1_buf[i * H + j];
            AT(g->dW1, k, j) = s + 2.0 * reg * AT(net->W1, k, j);
        }
    }

    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += dz1_buf[i * H + j];
        g->db1->data[j * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
