/* backward.c -- backprop for the 2 layer net.  Homework 4.
 *
 * Macros for the element access, loops for everything.
 */
#include "backprop.h"

#define GET(m, i, j)    (*((m)->data + (i) * (m)->tda + (j)))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N, D, H, C;
    int i, j, k;
    double s;

    N = (int) X->size1;
    D = (int) net->D;
    H = (int) net->H;
    C = (int) net->C;
    if (N != (int) cache->N || D != (int) X->size2)
        return 1;

    /* 1. dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            GET(g->dz2, i, k) = (GET(cache->prob, i, k) - (k == (int) y[i] ? 1 : 0)) / N;

    /* 2. dW2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            s = 0;
            for (i = 0; i < N; i++)
                s += GET(cache->p1, i, j) * GET(g->dz2, i, k);
            GET(g->dW2, j, k) = s + 2 * reg * GET(net->W2, j, k);
        }

    /* 3. db2 */
    for (k = 0; k < C; k++) {
        s = 0;
        for (i = 0; i < N; i++)
            s += GET(g->dz2, i, k);
        g->db2->data[k * g->db2->stride] = s;
    }

    /* 4. dp1 = dz2 W2^T, only for the hidden units that fired */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            s = 0;
            if (GET(cache->p1, i, j) > 0)
                for (k = 0; k < C; k++)
                    s += GET(g->dz2, i, k) * GET(net->W2, j, k);
            GET(g->dp1, i, j) = s;
        }

    /* 5. dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            GET(g->dz1, i, j) = GET(cache->z1, i, j) > 0 ? GET(g->dp1, i, j) : 0;

    /* 6. dW1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            s = 0;
            for (i = 0; i < N; i++)
                s += GET(X, i, k) * GET(g->dz1, i, j);
            GET(g->dW1, k, j) = s + 2 * reg * GET(net->W1, k, j);
        }

    /* 7. db1 */
    for (j = 0; j < H; j++) {
        s = 0;
        for (i = 0; i < N; i++)
            s += GET(g->dz1, i, j);
        g->db1->data[j * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
