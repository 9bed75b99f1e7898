/*
 *  backward.c -- two-layer net, backward pass (homework 3)
 *
 *  scratch  (N*C doubles): prob - onehot, later divided by N -> dz2
 *  hidden   (N*H doubles): dp1, then dz1 in place
 *  Both calloc'd once at the top, freed at the bottom.  ->data with tda.
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *scratch = NULL, *hidden = NULL;
    const gsl_matrix *P = cache->prob;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    scratch = calloc(N * C, sizeof *scratch);
    hidden = calloc(N * H, sizeof *hidden);
    if (scratch == NULL || hidden == NULL)
    {
        free(scratch);
        free(hidden);
        return 1;
    }

    /* step 1: prob - onehot, and the bias gradient while we are here */
    for (k = 0; k < C; k++)
        g->db2->data[k * g->db2->stride] = 0.0;
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            scratch[i * C + k] = P->data[i * P->tda + k];
            if (k == y[i])
                scratch[i * C + k] -= 1.0;
            g->db2->data[k * g->db2->stride] += scratch[i * C + k];
        }
    }
    /* ... then the mean over the batch */
    for (i = 0; i < N * C; i++)
        scratch[i] /= (double) N;
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            g->dz2->data[i * g->dz2->tda + k] = scratch[i * C + k];

    /* step 2: dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
        {
            double acc = 2.0 * reg * net->W2->data[j * net->W2->tda + k];
            for (i = 0; i < N; i++)
                acc += cache->p1->data[i * cache->p1->tda + j] * scratch[i * C + k];
            g->dW2->data[j * g->dW2->tda + k] = acc;
        }

    /* step 3: dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += scratch[i * C + k] * net->W2->data[j * net->W2->tda + k];
            hidden[i * H + j] = acc;
            g->dp1->data[i * g->dp1->tda + j] = acc;
        }

    /* step 4: dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            if (cache->z1->data[i * cache->z1->tda + j] <= 0.0)
                hidden[i * H + j] = 0.0;
            g->dz1->data[i * g->dz1->tda + j] = hidden[i * H + j];
        }

    /* step 5: dW1 and db1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
        {
            double acc = 2.0 * reg * net->W1->data[k * net->W1->tda + j];
            for (i = 0; i < N; i++)
                acc += X->data[i * X->tda + k] * hidden[i * H + j];
            g->dW1->data[k * g->dW1->tda + j] = acc;
        }
    for (j = 0; j < H; j++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += hidden[i * H + j];
        g->db1->data[j * g->db1->stride] = acc;
    }

    free(hidden);
    free(scratch);
    g->present = BP_GRADS_ALL;
    return 0;
}
