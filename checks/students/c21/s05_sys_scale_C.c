// backward.c -- K. Novak
// Systems background; I went straight for the storage (row pointers + tda).
// Everything in one pass over the batch where possible.

#include <stddef.h>
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static inline double *row(gsl_matrix *m, size_t i) { return m->data + i * m->tda; }
static inline const double *crow(const gsl_matrix *m, size_t i) { return m->data + i * m->tda; }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    const double scale = 1.0 / (double)C;   // mean of the loss

    // dz2
    for (size_t i = 0; i < N; i++) {
        const double *p = crow(cache->prob, i);
        double *d = row(g->dz2, i);
        for (size_t c = 0; c < C; c++)
            d[c] = (p[c] - (c == y[i])) * scale;
    }

    // dW2 = p1^T dz2 + 2 reg W2
    for (size_t h = 0; h < H; h++) {
        double *dw = row(g->dW2, h);
        const double *w = crow(net->W2, h);
        for (size_t c = 0; c < C; c++) dw[c] = 2.0 * reg * w[c];
    }
    for (size_t i = 0; i < N; i++) {
        const double *a = crow(cache->p1, i);
        const double *d = crow(g->dz2, i);
        for (size_t h = 0; h < H; h++) {
            double *dw = row(g->dW2, h);
            for (size_t c = 0; c < C; c++) dw[c] += a[h] * d[c];
        }
    }

    // db2
    for (size_t c = 0; c < C; c++) {
        double s = 0;
        for (size_t i = 0; i < N; i++) s += crow(g->dz2, i)[c];
        gsl_vector_set(g->db2, c, s);
    }

    // dp1, dz1
    for (size_t i = 0; i < N; i++) {
        const double *d = crow(g->dz2, i);
        const double *z = crow(cache->z1, i);
        double *dp = row(g->dp1, i), *dz = row(g->dz1, i);
        for (size_t h = 0; h < H; h++) {
            const double *w = crow(net->W2, h);
            double s = 0;
            for (size_t c = 0; c < C; c++) s += d[c] * w[c];
            dp[h] = s;
            dz[h] = (z[h] > 0) ? s : 0.0;
        }
    }

    // dW1 = X^T dz1 + 2 reg W1
    for (size_t k = 0; k < D; k++) {
        double *dw = row(g->dW1, k);
        const double *w = crow(net->W1, k);
        for (size_t h = 0; h < H; h++) {
            double s = 2.0 * reg * w[h];
            for (size_t i = 0; i < N; i++) s += crow(X, i)[k] * crow(g->dz1, i)[h];
            dw[h] = s;
        }
    }

    // db1
    for (size_t h = 0; h < H; h++) {
        double s = 0;
        for (size_t i = 0; i < N; i++) s += crow(g->dz1, i)[h];
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
