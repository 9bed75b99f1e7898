// backward.c -- two layer net, backward pass (2nd hand-in)
// Rewrote everything with ->data and tda because get/set was slow.
// Changes since attempt 1:
//   - dz2: divide by N (was missing)
//   - dW1: reg term was reg*W1, now 2*reg*W1
// TODO: db1 still looks off by a factor in gradcheck?? check again

#include <assert.h>
#include <stdio.h>
#include "backprop.h"

static int debug = 0;

#define AT(M, r, c) ((M)->data[(r) * (M)->tda + (c)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double invN = 1.0 / (double) N;
    double wsum = 0.0;      /* for checking */

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    assert(g->dW2->size1 == H && g->dW2->size2 == C);
    assert(cache->prob->size2 == C);

    // dz2
    for (i = 0; i < N; i++) {
        assert(y[i] < C);
        for (k = 0; k < C; k++)
            AT(g->dz2, i, k) = (AT(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) * invN;
    }

    // dW2 (H,C) and db2
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 2.0 * reg * AT(net->W2, j, k);
            for (i = 0; i < N; i++)
                s += AT(cache->p1, i, j) * AT(g->dz2, i, k);
            AT(g->dW2, j, k) = s;
            wsum += s;
        }
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += AT(g->dz2, i, k);
        g->db2->data[k * g->db2->stride] = s;
        // g->db2->data[k] = s * invN;    attempt 1
    }

    // dp1 = dz2 W2^T,  dz1 = dp1 where the relu was on (p1 > 0 same as z1 > 0)
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = s;
            AT(g->dz1, i, j) = AT(cache->p1, i, j) > 0.0 ? s : 0.0;
        }

    // dW1 = X^T dz1 + 2 reg W1
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += AT(X, i, k) * AT(g->dz1, i, j);
            // AT(g->dW1, k, j) = s + reg * AT(net->W1, k, j);
            AT(g->dW1, k, j) = s + 2.0 * reg * AT(net->W1, k, j);
        }

    // db1
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += AT(g->dz1, i, j);
        g->db1->data[j * g->db1->stride] = s;
    }

    if (debug)
        fprintf(stderr, "sum dW2 = %g\n", wsum);

    g->present = BP_GRADS_ALL;
    return 0;
}
