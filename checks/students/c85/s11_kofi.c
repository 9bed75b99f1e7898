/*
 * backward.c -- Lab 5: backprop for the two-layer net
 *
 * Fill in each TODO block below.  Each block writes one or two of the
 * gradients in g (the shapes are in grads.h).  Do not change the
 * signature.
 *
 * Kofi A.
 */
#include "backprop.h"

#define M(m, r, c) ((m)->data[(r) * (m)->tda + (c)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    /* TODO (1): compute dscores */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double t = (k == y[i]) ? 1.0 : 0.0;
            M(g->dz2, i, k) = (M(cache->prob, i, k) - t) / (double) N;
        }
    }

    /* TODO (2): backprop into W2 and b2 */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += M(cache->p1, i, j) * M(g->dz2, i, k);
            M(g->dW2, j, k) = s + 2.0 * reg * M(net->W2, j, k);
        }
    }
    for (k = 0; k < C; k++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += M(g->dz2, i, k);
        g->db2->data[k * g->db2->stride] = s;
    }

    /* TODO (3): backprop into the hidden layer */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += M(g->dz2, i, k) * M(net->W2, j, k);
            M(g->dp1, i, j) = s;
        }
    }

    /* TODO (4): backprop through the ReLU */
    /* relu lets the gradient through where it is positive */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
            M(g->dz1, i, j) = M(g->dp1, i, j) > 0.0 ? M(g->dp1, i, j) : 0.0;
    }

    /* TODO (5): backprop into W1 and b1 */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += M(X, i, k) * M(g->dz1, i, j);
            M(g->dW1, k, j) = s + 2.0 * reg * M(net->W1, k, j);
        }
    }
    for (j = 0; j < H; j++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += M(g->dz1, i, j);
        g->db1->data[j * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
