/*
 * HW4 -- backward pass, written against the raw arrays.
 *
 * Both the probabilities and z1 are computed again from the inputs:
 *   P  = softmax(z2), stable (row max subtracted)
 *   z1 = X W1 + b1, for the relu mask
 * Row j of W1 holds the D weights of hidden unit j.
 */
#include <math.h>
#include <stdlib.h>
#include "backprop.h"

#define M(A, r, c) ((A)->data[(r) * (A)->tda + (c)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double *W1 = net->W1->data, *b1 = net->b1->data;
    double *P, *Z1;
    size_t i, j, k, d;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    P = malloc(N * C * sizeof *P);
    Z1 = malloc(N * H * sizeof *Z1);
    if (!P || !Z1) {
        free(P); free(Z1);
        return 1;
    }

    for (i = 0; i < N; i++) {
        double mx = M(cache->z2, i, 0), s = 0;
        for (k = 1; k < C; k++) mx = fmax(mx, M(cache->z2, i, k));
        for (k = 0; k < C; k++) s += (P[i*C + k] = exp(M(cache->z2, i, k) - mx));
        for (k = 0; k < C; k++) P[i*C + k] /= s;
    }
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (d = 0; d < D; d++) s += M(X, i, d) * W1[j*D + d];
            Z1[i*H + j] = s + b1[j * net->b1->stride];
        }

    /* dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            M(g->dz2, i, k) = (P[i*C + k] - (y[i] == k)) / N;

    /* dW2, db2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 2 * reg * M(net->W2, j, k);
            for (i = 0; i < N; i++) s += M(cache->p1, i, j) * M(g->dz2, i, k);
            M(g->dW2, j, k) = s;
        }
    for (k = 0; k < C; k++) {
        double s = 0;
        for (i = 0; i < N; i++) s += M(g->dz2, i, k);
        g->db2->data[k * g->db2->stride] = s;
    }

    /* dp1, dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++) s += M(g->dz2, i, k) * M(net->W2, j, k);
            M(g->dp1, i, j) = s;
            M(g->dz1, i, j) = Z1[i*H + j] > 0 ? s : 0;
        }

    /* dW1, db1 */
    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++) {
            double s = 2 * reg * M(net->W1, d, j);
            for (i = 0; i < N; i++) s += M(X, i, d) * M(g->dz1, i, j);
            M(g->dW1, d, j) = s;
        }
    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++) s += M(g->dz1, i, j);
        g->db1->data[j * g->db1->stride] = s;
    }

    free(P);
    free(Z1);
    g->present = BP_GRADS_ALL;
    return 0;
}
