/*
 * backward.c  --  Homework 3, backward pass of the 2-layer net
 *
 * I do the per-sample formulation from the lecture slides: for every sample
 * i, push its error back through the net and add its contribution into the
 * parameter gradients.  Intermediates are stored in g as they are made.
 *
 *   per sample i:
 *     dz2_i = (prob_i - e_{y_i}) / N
 *     dW2  += p1_i^T dz2_i        db2 += dz2_i
 *     dp1_i = dz2_i W2^T
 *     dz1_i = dp1_i * [z1_i > 0]
 *     dW1  += x_i^T dz1_i         db1 += dz1_i
 *   plus the regularizer 2 reg W on dW1, dW2  (loss = reg*|W|^2)
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

    size_t ldW1 = g->dW1->tda, ldW2 = g->dW2->tda;
    size_t w1ld = net->W1->tda, w2ld = net->W2->tda;
    const double *W1 = net->W1->data, *W2 = net->W2->data;

    /* accumulators to zero */
    for (size_t k = 0; k < H; k++)
        memset(g->dW2->data + k * ldW2, 0, C * sizeof(double));
    for (size_t m = 0; m < D; m++)
        memset(g->dW1->data + m * ldW1, 0, H * sizeof(double));
    for (size_t c = 0; c < C; c++)
        g->db2->data[c * g->db2->stride] = 0.0;
    for (size_t k = 0; k < H; k++)
        g->db1->data[k * g->db1->stride] = 0.0;

    /* W2 regularizer, once */
    for (size_t k = 0; k < H; k++)
        for (size_t c = 0; c < C; c++)
            g->dW2->data[k * ldW2 + c] = 2.0 * reg * W2[k * w2ld + c];

    for (size_t i = 0; i < N; i++) {
        const double *pr  = cache->prob->data + i * cache->prob->tda;
        const double *a1  = cache->p1->data   + i * cache->p1->tda;
        const double *zz  = cache->z1->data   + i * cache->z1->tda;
        const double *xi  = X->data           + i * X->tda;
        double *d2  = g->dz2->data + i * g->dz2->tda;
        double *dp  = g->dp1->data + i * g->dp1->tda;
        double *d1  = g->dz1->data + i * g->dz1->tda;

        /* dz2_i */
        for (size_t c = 0; c < C; c++)
            d2[c] = pr[c] / (double) N;
        d2[y[i]] -= 1.0 / (double) N;

        /* dW2 += p1_i^T dz2_i ; db2 += dz2_i */
        for (size_t k = 0; k < H; k++)
            for (size_t c = 0; c < C; c++)
                g->dW2->data[k * ldW2 + c] += a1[k] * d2[c];
        for (size_t c = 0; c < C; c++)
            g->db2->data[c * g->db2->stride] += d2[c];

        /* dp1_i = dz2_i W2^T ; dz1_i = dp1_i * [z1_i > 0] */
        for (size_t k = 0; k < H; k++) {
            double s = 0.0;
            for (size_t c = 0; c < C; c++)
                s += d2[c] * W2[k * w2ld + c];
            dp[k] = s;
            d1[k] = (zz[k] > 0.0) ? s : 0.0;
        }

        /* dW1 += x_i^T dz1_i (+ reg) ; db1 += dz1_i */
        for (size_t m = 0; m < D; m++)
            for (size_t k = 0; k < H; k++)
                g->dW1->data[m * ldW1 + k] += xi[m] * d1[k] + 2.0 * reg * W1[m * w1ld + k];
        for (size_t k = 0; k < H; k++)
            g->db1->data[k * g->db1->stride] += d1[k];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
