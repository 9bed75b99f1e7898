// backward.c -- manual backprop, 2 layers
// (C99: loop variables declared in the for)

#include "backprop/net.h"
#include "backprop/grads.h"

// parameters
#define W1(d, j)   net->W1->data[(d) * net->W1->tda + (j)]
#define W2(j, k)   net->W2->data[(k) * net->H + (j)]    // W2 is (C x H), out x in
// forward cache
#define Z1(i, j)   cache->z1->data[(i) * cache->z1->tda + (j)]
#define P1(i, j)   cache->p1->data[(i) * cache->p1->tda + (j)]
#define PR(i, k)   cache->prob->data[(i) * cache->prob->tda + (k)]
#define XI(i, d)   X->data[(i) * X->tda + (d)]
// gradients
#define dZ2(i, k)  g->dz2->data[(i) * g->dz2->tda + (k)]
#define dW2(j, k)  g->dW2->data[(j) * g->dW2->tda + (k)]
#define dB2(k)     g->db2->data[(k) * g->db2->stride]
#define dP1(i, j)  g->dp1->data[(i) * g->dp1->tda + (j)]
#define dZ1(i, j)  g->dz1->data[(i) * g->dz1->tda + (j)]
#define dW1(d, j)  g->dW1->data[(d) * g->dW1->tda + (j)]
#define dB1(j)     g->db1->data[(j) * g->db1->stride]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < C; k++)
            dZ2(i, k) = (PR(i, k) - (k == y[i] ? 1.0 : 0.0)) / (double) N;

    for (size_t j = 0; j < H; j++)
        for (size_t k = 0; k < C; k++) {
            double s = 2.0 * reg * W2(j, k);
            for (size_t i = 0; i < N; i++)
                s += P1(i, j) * dZ2(i, k);
            dW2(j, k) = s;
        }

    for (size_t k = 0; k < C; k++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += dZ2(i, k);
        dB2(k) = s;
    }

    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            double s = 0.0;
            for (size_t k = 0; k < C; k++)
                s += dZ2(i, k) * W2(j, k);
            dP1(i, j) = s;
        }

    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            dZ1(i, j) = Z1(i, j) > 0.0 ? dP1(i, j) : 0.0;

    for (size_t d = 0; d < D; d++)
        for (size_t j = 0; j < H; j++) {
            double s = 2.0 * reg * W1(d, j);
            for (size_t i = 0; i < N; i++)
                s += XI(i, d) * dZ1(i, j);
            dW1(d, j) = s;
        }

    for (size_t j = 0; j < H; j++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += dZ1(i, j);
        dB1(j) = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
