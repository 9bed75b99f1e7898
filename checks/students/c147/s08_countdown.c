/*
 * backward.c - backprop, 2 layer net, homework 4
 *
 * Loops only.  The inner products are summed from the back,
 * like in the textbook's dot() routine.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int i, j, N, D, H;
    size_t k, C;
    double s, p;

    N = (int) X->size1;
    D = (int) X->size2;
    H = (int) net->H;
    C = net->C;

    if (N < 1 || D != (int) net->D)
        return 1;

    /* dz2 = (p - [k == y]) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            p = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                p = p - 1.0;
            gsl_matrix_set(g->dz2, i, k, p / (double) N);
        }
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            s = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            for (i = N - 1; i >= 0; i--)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, s);
        }
    }

    /* db2 */
    for (k = 0; k < C; k++) {
        s = 0.0;
        for (i = N - 1; i >= 0; i--)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* dp1 = dz2 W2^T.  k is a size_t so k >= 0 is always true (gcc
       warned), stop at k > 0 instead */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = C - 1; k > 0; k--)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* dz1 = dp1 masked by z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < (size_t) D; k++) {
        for (j = 0; j < H; j++) {
            s = 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = N - 1; i >= 0; i--)
                s += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, s);
        }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = N - 1; i >= 0; i--)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
