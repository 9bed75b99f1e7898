// backward.c -- my backward pass for the 2 layer net
// pointer loops everywhere, dW's done sample by sample

#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *out;
    const double *in, *up;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    // dL/dscores
    out = g->dz2->data;
    in = cache->prob->data;
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) out[k] = in[k] / N;
        out[y[i]] -= 1.0 / N;
        out += g->dz2->tda;
        in += cache->prob->tda;
    }

    // dL/dW2, dL/db2
    memset(g->dW2->data, 0, H * C * sizeof(double));
    memset(g->db2->data, 0, C * sizeof(double));
    for (i = 0; i < N; i++) {
        in = cache->p1->data + i * cache->p1->tda;
        up = g->dz2->data + i * g->dz2->tda;
        out = g->dW2->data;
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                *out++ += in[j] * up[k];
        for (k = 0; k < C; k++) g->db2->data[k] += up[k];
    }
    out = g->dW2->data;
    in = net->W2->data;
    for (k = 0; k < H * C; k++) *out++ += 2 * reg * *in++;

    // dL/dhidden
    for (i = 0; i < N; i++) {
        out = g->dp1->data + i * g->dp1->tda;
        in = net->W2->data;
        for (j = 0; j < H; j++) {
            double sum = 0;
            up = g->dz2->data + i * g->dz2->tda;
            for (k = 0; k < C; k++) sum += *up++ * *in++;
            *out++ = sum;
        }
    }

    // relu: negative gradient doesn't get through
    for (i = 0; i < N; i++) {
        in = g->dp1->data + i * g->dp1->tda;
        out = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++, in++)
            *out++ = (*in > 0) ? *in : 0;
    }

    // dL/dW1, dL/db1
    memset(g->dW1->data, 0, D * H * sizeof(double));
    memset(g->db1->data, 0, H * sizeof(double));
    for (i = 0; i < N; i++) {
        in = X->data + i * X->tda;
        up = g->dz1->data + i * g->dz1->tda;
        out = g->dW1->data;
        for (j = 0; j < D; j++)
            for (k = 0; k < H; k++)
                *out++ += in[j] * up[k];
        for (k = 0; k < H; k++) g->db1->data[k] += up[k];
    }
    out = g->dW1->data;
    in = net->W1->data;
    for (k = 0; k < D * H; k++) *out++ += 2 * reg * *in++;

    g->present = BP_GRADS_ALL;
    return 0;
}
