/*
 * backward pass, sample by sample: each sample adds its outer products
 * to dW2 and dW1 (rank-one updates), and its row to db2 and db1.
 * The ReLU mask is read off p1 (p1 > 0 exactly where z1 > 0).
 */
#include "backprop.h"
#include <stdlib.h>

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, a, b;
    double *dw2 = g->dW2->data, *dw1 = g->dW1->data;
    const double *w2 = net->W2->data, *w1 = net->W1->data;
    double *acc_b2, *acc_b1;

    if (cache->N != N || g->N != N || X->size2 != D)
        return 1;

    acc_b2 = calloc (C, sizeof *acc_b2);
    acc_b1 = calloc (H, sizeof *acc_b1);
    if (!acc_b2 || !acc_b1) {
        free (acc_b2);
        free (acc_b1);
        return 1;
    }

    /* start the weight gradients at the regulariser: d/dW reg|W|^2 = 2 reg W */
    for (a = 0; a < H; a++)
        for (b = 0; b < C; b++)
            dw2[a * g->dW2->tda + b] = 2.0 * reg * w2[a * net->W2->tda + b];
    for (a = 0; a < D; a++)
        for (b = 0; b < H; b++)
            dw1[a * g->dW1->tda + b] = 2.0 * reg * w1[a * net->W1->tda + b];

    for (n = 0; n < N; n++) {
        const double *prob = cache->prob->data + n * cache->prob->tda;
        const double *p1 = cache->p1->data + n * cache->p1->tda;
        const double *x = X->data + n * X->tda;
        double *dz2 = g->dz2->data + n * g->dz2->tda;
        double *dp1 = g->dp1->data + n * g->dp1->tda;
        double *dz1 = g->dz1->data + n * g->dz1->tda;

        for (b = 0; b < C; b++)
            dz2[b] = (prob[b] - (b == y[n] ? 1.0 : 0.0)) / N;

        for (a = 0; a < H; a++) {
            const double *w = w2 + a * net->W2->tda;
            double *dw = dw2 + a * g->dW2->tda;
            double s = 0.0;
            for (b = 0; b < C; b++) {
                dw[b] += p1[a] * dz2[b];
                s += w[b] * dz2[b];
            }
            dp1[a] = s;
            dz1[a] = p1[a] > 0.0 ? s : 0.0;
        }
        for (b = 0; b < C; b++)
            acc_b2[b] += dz2[b];

        for (a = 0; a < D; a++) {
            double *dw = dw1 + a * g->dW1->tda;
            for (b = 0; b < H; b++)
                dw[b] += x[a] * dz1[b];
        }
        for (b = 0; b < H; b++)
            acc_b1[b] += dz1[b];
    }

    for (b = 0; b < C; b++)
        gsl_vector_set (g->db2, b, acc_b2[b]);
    for (b = 0; b < H; b++)
        gsl_vector_set (g->db1, b, acc_b1[b]);
    free (acc_b2);
    free (acc_b1);

    g->present = BP_GRADS_ALL;
    return 0;
}
