// backward.c  (AI Engineering bootcamp - assignment 6)
//
// Plain loops over the flat ->data arrays.  I pack the sizes into a
// struct so I don't pass six numbers around.  Regularisation notes from
// the "weight decay" lecture:
//     update rule:  W -= lr * (dW_data + 2*reg*W)
//     i.e. weight decay shrinks W a little every step.

#include <stdbool.h>
#include <stddef.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct {
    size_t N, D, H, C;
} dims_t;

// row-major index with a row stride
static inline size_t at(size_t i, size_t j, size_t ld) { return i * ld + j; }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
        return 1;
    const dims_t s = { X->size1, net->D, net->H, net->C };
    if (s.N != cache->N || X->size2 != s.D || g->N != s.N)
        return 1;

    const gsl_matrix *P = cache->prob, *A = cache->p1, *Z = cache->z1;
    gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;
    gsl_matrix *dW2 = g->dW2, *dW1 = g->dW1;

    /* ----- dz2 ----- */
    for (size_t n = 0; n < s.N; n++)
        for (size_t c = 0; c < s.C; c++)
            dz2->data[at(n, c, dz2->tda)] =
                (P->data[at(n, c, P->tda)] - (y[n] == c ? 1.0 : 0.0)) / (double) s.N;

    /* ----- dW2 = A^T dz2 + 2 reg W2 ----- */
    for (size_t h = 0; h < s.H; h++) {
        for (size_t c = 0; c < s.C; c++) {
            double acc = 0.0;
            for (size_t n = 0; n < s.N; n++)
                acc += A->data[at(n, h, A->tda)] * dz2->data[at(n, c, dz2->tda)];
            dW2->data[at(h, c, dW2->tda)] = acc;
            dW2->data[at(h, c, dW2->tda)] += 2.0 * reg * net->W2->data[at(h, c, net->W2->tda)];
        }
    }

    /* ----- db2 ----- */
    for (size_t c = 0; c < s.C; c++) {
        double acc = 0.0;
        for (size_t n = 0; n < s.N; n++)
            acc += dz2->data[at(n, c, dz2->tda)];
        g->db2->data[c * g->db2->stride] = acc;
    }

    /* ----- dp1 = dz2 W2^T ----- */
    for (size_t n = 0; n < s.N; n++)
        for (size_t h = 0; h < s.H; h++) {
            double acc = 0.0;
            for (size_t c = 0; c < s.C; c++)
                acc += dz2->data[at(n, c, dz2->tda)] * net->W2->data[at(h, c, net->W2->tda)];
            dp1->data[at(n, h, dp1->tda)] = acc;
        }

    /* ----- dz1 = dp1 where z1 > 0 ----- */
    for (size_t n = 0; n < s.N; n++)
        for (size_t h = 0; h < s.H; h++) {
            const bool on = Z->data[at(n, h, Z->tda)] > 0.0;
            dz1->data[at(n, h, dz1->tda)] = on ? dp1->data[at(n, h, dp1->tda)] : 0.0;
        }

    /* ----- dW1 = X^T dz1, then weight decay ----- */
    for (size_t d = 0; d < s.D; d++) {
        for (size_t h = 0; h < s.H; h++) {
            double acc = 0.0;
            for (size_t n = 0; n < s.N; n++)
                acc += X->data[at(n, d, X->tda)] * dz1->data[at(n, h, dz1->tda)];
            dW1->data[at(d, h, dW1->tda)] = acc;
            dW1->data[at(d, h, dW1->tda)] -= 2.0 * reg * net->W1->data[at(d, h, net->W1->tda)];
        }
    }

    /* ----- db1 ----- */
    for (size_t h = 0; h < s.H; h++) {
        double acc = 0.0;
        for (size_t n = 0; n < s.N; n++)
            acc += dz1->data[at(n, h, dz1->tda)];
        g->db1->data[h * g->db1->stride] = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
