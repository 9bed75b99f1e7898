/*
 * backward.c  --  assignment 2, part B
 * author: T. Okafor
 *
 * Plain C89, no BLAS: everything is done in loops over fixed-size arrays
 * on the stack (the nets in this assignment are tiny).  I recompute the
 * softmax myself from the scores z2 because I want to see the numbers,
 * the rest comes from the cache.
 *
 * loss = 1/N sum_i -log p[i][y_i]  +  reg (|W1|^2 + |W2|^2)
 */

#include <math.h>
#include "backprop.h"

#define MAX_N  128
#define MAX_H  128
#define MAX_C   32

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    double probs[MAX_N][MAX_C];     /* my own softmax */
    double dscores[MAX_N][MAX_C];   /* dL/dz2 */
    double dhid[MAX_N][MAX_H];      /* dL/dz1 */
    double total, acc;
    size_t N, D, H, C;
    size_t i, j, k, c;

    N = X->size1;
    D = net->D;
    H = net->H;
    C = net->C;
    if (N > MAX_N || H > MAX_H || C > MAX_C)
        return 1;   /* too big for my arrays */
    if (cache->N != N)
        return 1;

    /* softmax of each row of z2 (no max shift: the scores are small here) */
    for (i = 0; i < N; i++) {
        total = 0.0;
        for (c = 0; c < C; c++) {
            probs[i][c] = exp(gsl_matrix_get(cache->z2, i, c));
            total += probs[i][c];
        }
        for (c = 0; c < C; c++)
            probs[i][c] /= total;
    }

    /* 1. dz2 = (p - 1{y}) / N */
    for (i = 0; i < N; i++) {
        for (c = 0; c < C; c++) {
            dscores[i][c] = probs[i][c];
            if (c == y[i])
                dscores[i][c] -= 1.0;
            dscores[i][c] /= (double) N;
            gsl_matrix_set(g->dz2, i, c, dscores[i][c]);
        }
    }

    /* 2. dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++) {
        for (c = 0; c < C; c++) {
            acc = 2.0 * reg * gsl_matrix_get(net->W2, j, c);
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, j) * dscores[i][c];
            gsl_matrix_set(g->dW2, j, c, acc);
        }
    }

    /* 3. db2 */
    for (c = 0; c < C; c++) {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += dscores[i][c];
        gsl_vector_set(g->db2, c, acc);
    }

    /* 4. + 5. dp1 = dz2 W2^T, then the relu gate */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (c = 0; c < C; c++)
                acc += dscores[i][c] * gsl_matrix_get(net->W2, j, c);
            gsl_matrix_set(g->dp1, i, j, acc);
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                dhid[i][j] = acc;
            else
                dhid[i][j] = 0.0;
            gsl_matrix_set(g->dz1, i, j, dhid[i][j]);
        }
    }

    /* 6. dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(X, i, k) * dhid[i][j];
            acc += 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            gsl_matrix_set(g->dW1, k, j, acc);
        }
    }

    /* 7. db1 */
    for (j = 0; j < H; j++) {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += dhid[i][j];
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
