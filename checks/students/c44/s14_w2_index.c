//
// backward.c  (assignment 3)  --  Sam W.
//
// Pointers + strides all the way, no get/set.
//   A[i][j]  ==  A->data[i * A->tda + j]
//

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    double *G2 = g->dz2->data;
    const double *P = cache->prob->data;
    const double *W = net->W2->data;

    // ---- dz2 ----
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            G2[i * g->dz2->tda + k] = P[i * cache->prob->tda + k] / N;
        G2[i * g->dz2->tda + y[i]] -= 1.0 / N;
    }

    // ---- dW2 (H x C) ----
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
        {
            double acc = 0;
            for (i = 0; i < N; i++)
                acc += cache->p1->data[i * cache->p1->tda + j] * G2[i * g->dz2->tda + k];
            g->dW2->data[j * g->dW2->tda + k] = acc + 2 * reg * W[j * net->W2->tda + k];
        }

    // ---- db2 ----
    for (k = 0; k < C; k++)
    {
        double acc = 0;
        for (i = 0; i < N; i++)
            acc += G2[i * g->dz2->tda + k];
        g->db2->data[k * g->db2->stride] = acc;
    }

    // ---- dp1 = dz2 * W2^T  (N x H) ----
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double acc = 0;
            for (k = 0; k < C; k++)
                acc += G2[i * g->dz2->tda + k] * W[k * net->W2->tda + j];
            g->dp1->data[i * g->dp1->tda + j] = acc;
        }

    // ---- dz1 ----
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double zz = cache->z1->data[i * cache->z1->tda + j];
            g->dz1->data[i * g->dz1->tda + j] = zz > 0 ? g->dp1->data[i * g->dp1->tda + j] : 0;
        }

    // ---- dW1 (D x H), db1 ----
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
        {
            double acc = 0;
            for (i = 0; i < N; i++)
                acc += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
            g->dW1->data[k * g->dW1->tda + j] = acc + 2 * reg * net->W1->data[k * net->W1->tda + j];
        }
    for (j = 0; j < H; j++)
    {
        double acc = 0;
        for (i = 0; i < N; i++)
            acc += g->dz1->data[i * g->dz1->tda + j];
        g->db1->data[j * g->db1->stride] = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
