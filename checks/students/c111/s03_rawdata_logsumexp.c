/*
 * backward.c  --  assignment 2, part 3 (backprop by hand)
 *
 * prob from the cache is not used: the softmax is taken again from the
 * scores with log-sum-exp, p = exp(z - lse), and z1 is rebuilt from
 * X W1 + b1 for the relu.  All the loops go through the raw arrays
 * (row i of a gsl_matrix starts at data + i*tda).
 */
#include <math.h>
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define EL(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])
#define VE(v, i)     ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    size_t i, j, k, d;
    double *z1;

    if (N != cache->N || D != net->D || g->N != N) return 1;

    /* dz2 = (softmax(z2) - onehot(y)) / N */
    for (i = 0; i < N; i++) {
        double mx = EL(cache->z2, i, 0), lse = 0.0;
        for (k = 1; k < C; k++) if (EL(cache->z2, i, k) > mx) mx = EL(cache->z2, i, k);
        for (k = 0; k < C; k++) lse += exp(EL(cache->z2, i, k) - mx);
        lse = mx + log(lse);
        for (k = 0; k < C; k++) {
            double p = exp(EL(cache->z2, i, k) - lse);
            EL(g->dz2, i, k) = (p - (k == y[i] ? 1.0 : 0.0)) / (double)N;
        }
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double acc = 0.0;
            for (i = 0; i < N; i++) acc += EL(cache->p1, i, j) * EL(g->dz2, i, k);
            EL(g->dW2, j, k) = acc + 2.0 * reg * EL(net->W2, j, k);
        }
    /* db2 */
    for (k = 0; k < C; k++) {
        VE(g->db2, k) = 0.0;
        for (i = 0; i < N; i++) VE(g->db2, k) += EL(g->dz2, i, k);
    }

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < C; k++) acc += EL(g->dz2, i, k) * EL(net->W2, j, k);
            EL(g->dp1, i, j) = acc;
        }

    /* z1 again, only its sign matters */
    z1 = malloc(N * H * sizeof *z1);
    if (z1 == NULL) return 1;
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (d = 0; d < D; d++) acc += EL(X, i, d) * EL(net->W1, d, j);
            z1[i * H + j] = acc + VE(net->b1, j);
        }
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            EL(g->dz1, i, j) = z1[i * H + j] > 0.0 ? EL(g->dp1, i, j) : 0.0;
    free(z1);

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (i = 0; i < N; i++) acc += EL(X, i, d) * EL(g->dz1, i, j);
            EL(g->dW1, d, j) = acc + 2.0 * reg * EL(net->W1, d, j);
        }
    /* db1 */
    for (j = 0; j < H; j++) {
        VE(g->db1, j) = 0.0;
        for (i = 0; i < N; i++) VE(g->db1, j) += EL(g->dz1, i, j);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
