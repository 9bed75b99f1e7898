// Backward pass for the 2-layer net (lab 4)
// I use one macro AT(m,i,j) for every matrix and VAT(v,i) for vectors,
// works for views too because of tda / stride.

#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j)  ((m)->data[(size_t)(i) * (m)->tda + (size_t)(j)])
#define VAT(v, i)    ((v)->data[(size_t)(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    int N = (int) X->size1;
    int D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int i, j, k, d;
    double acc;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N) {
        return 1;
    }

    // softmax grad: copy prob, subtract 1 at the label, average
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            AT(g->dz2, i, k) = AT(cache->prob, i, k);
        }
        AT(g->dz2, i, y[i]) -= 1.0;
        for (k = 0; k < C; k++) {
            AT(g->dz2, i, k) /= (double) N;
        }
    }

    // dW2 (H x C)
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            acc = 2.0 * reg * AT(net->W2, j, k);
            for (i = 0; i < N; i++) {
                acc += AT(cache->p1, i, j) * AT(g->dz2, i, k);
            }
            AT(g->dW2, j, k) = acc;
        }
    }

    // db2
    for (k = 0; k < C; k++) {
        acc = 0.0;
        for (i = 0; i < N; i++) acc += AT(g->dz2, i, k);
        VAT(g->db2, k) = acc;
    }

    // dp1 = dz2 * W2'   (N x H)
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (k = 0; k < C; k++) {
                acc += AT(g->dz2, i, k) * AT(net->W2, j, k);
            }
            AT(g->dp1, i, j) = acc;
        }
    }

    // dz1: start from dp1 and kill what the relu killed.
    // p1 > 0 exactly where z1 > 0 so p1 works as the mask.
    for (i = 0; i < N; i++) {
        memcpy(&AT(g->dz1, i, 0), &AT(g->dp1, i, 0), (size_t) H * sizeof(double));
        for (j = 0; j < H; j++) {
            if (AT(cache->p1, i, j) <= 0.0) AT(g->dz1, i, j) = 0.0;
        }
    }

    // dW1 (D x H)
    for (d = 0; d < D; d++) {
        for (j = 0; j < H; j++) {
            acc = 2.0 * reg * AT(net->W1, d, j);
            for (i = 0; i < N; i++) {
                acc += AT(X, i, d) * AT(g->dz1, i, j);
            }
            AT(g->dW1, d, j) = acc;
        }
    }

    // db1
    for (j = 0; j < H; j++) {
        acc = 0.0;
        for (i = 0; i < N; i++) acc += AT(g->dz1, i, j);
        VAT(g->db1, j) = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
