/* Backpropagation -- two layer network
 * raw storage access: element (r, c) of a gsl_matrix is data[r * tda + c] */
#include <stddef.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(M, r, c) ((M)->data[(r) * (M)->tda + (c)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double sum;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* 1. delta_out */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            AT(g->dz2, i, k) = (AT(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N;

    /* 2./3. grad_w_out, grad_b_out */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += AT(cache->p1, i, j) * AT(g->dz2, i, k);
            AT(g->dW2, j, k) = sum + 2.0 * reg * AT(net->W2, j, k);
        }
    for (k = 0; k < C; k++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += AT(g->dz2, i, k);
        g->db2->data[k * g->db2->stride] = sum;
    }

    /* 4. error propagated back to the hidden units */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (k = 0; k < C; k++)
                sum += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = sum;
        }

    /* 5. delta_hidden: relu lets only the positive part through */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            AT(g->dz1, i, j) = AT(g->dp1, i, j) > 0.0 ? AT(g->dp1, i, j) : 0.0;

    /* 6./7. grad_w_hidden, grad_b_hidden */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (i = 0; i < N; i++)
                sum += AT(X, i, k) * AT(g->dz1, i, j);
            AT(g->dW1, k, j) = sum + 2.0 * reg * AT(net->W1, k, j);
        }
    for (j = 0; j < H; j++) {
        sum = 0.0;
        for (i = 0; i < N; i++)
            sum += AT(g->dz1, i, j);
        g->db1->data[j * g->db1->stride] = sum;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
