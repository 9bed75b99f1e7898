/*
 * backward.c -- Assignment 6, backward pass
 *
 * Most of this comes from the "MLP in 200 lines of C" gist that I used for
 * my capstone, ported to the assignment's structs.  In the gist each layer
 * is a struct with raw arrays; I kept its helper functions because they
 * are tested, and feed them one sample (one row) at a time.
 */

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* the gist's layer description (only the sizes are used here) */
typedef struct
{
    size_t n_in;
    size_t n_out;
    const double *W;   /* weights, raw */
    const double *b;   /* biases */
} dense_layer;

/*
 * Back-propagate one sample's delta through a dense layer:
 *     delta_prev[j] = sum_i W[i][j] * delta[i]
 * (from the gist, "W is n_out x n_in, so this is W^T delta")
 */
static void dense_backprop_delta(const dense_layer *L, const double *delta,
                                 double *delta_prev)
{
    size_t i, j;

    if (L == NULL || delta == NULL || delta_prev == NULL)
    {
        return;
    }
    for (j = 0; j < L->n_in; j++)
    {
        double acc = 0.0;
        for (i = 0; i < L->n_out; i++)
        {
            acc += L->W[i * L->n_in + j] * delta[i];
        }
        delta_prev[j] = acc;
    }
}

/*
 * Accumulate one sample's weight and bias gradient:
 *     dW[j][i] += in[j] * delta[i],  db[i] += delta[i]
 * dW here is stored (n_in x n_out), like the assignment's W.
 */
static void dense_accumulate(const dense_layer *L, const double *in,
                             const double *delta, double *dW, double *db)
{
    size_t i, j;

    for (j = 0; j < L->n_in; j++)
    {
        for (i = 0; i < L->n_out; i++)
        {
            dW[j * L->n_out + i] += in[j] * delta[i];
        }
    }
    for (i = 0; i < L->n_out; i++)
    {
        db[i] += delta[i];
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    dense_layer layer1, layer2;
    size_t N, n, k, h;

    if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    {
        return 1;
    }
    N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }
    /* the gist's helpers assume packed rows */
    if (X->tda != X->size2 || cache->p1->tda != net->H
        || cache->prob->tda != net->C || g->dz2->tda != net->C
        || g->dp1->tda != net->H || g->dz1->tda != net->H)
    {
        return 1;
    }

    layer1.n_in = net->D;  layer1.n_out = net->H;
    layer1.W = net->W1->data;  layer1.b = net->b1->data;
    layer2.n_in = net->H;  layer2.n_out = net->C;
    layer2.W = net->W2->data;  layer2.b = net->b2->data;

    /* gradients of the parameters start at zero, we add sample by sample */
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);

    for (n = 0; n < N; n++)
    {
        double *dz2_n = g->dz2->data + n * net->C;
        double *dp1_n = g->dp1->data + n * net->H;
        double *dz1_n = g->dz1->data + n * net->H;
        const double *prob_n = cache->prob->data + n * net->C;
        const double *p1_n = cache->p1->data + n * net->H;
        const double *z1_n = cache->z1->data + n * cache->z1->tda;
        const double *x_n = X->data + n * net->D;

        /* softmax cross-entropy delta, mean over the batch */
        for (k = 0; k < net->C; k++)
        {
            dz2_n[k] = (prob_n[k] - (k == y[n] ? 1.0 : 0.0)) / (double)N;
        }
        dense_accumulate(&layer2, p1_n, dz2_n, g->dW2->data, g->db2->data);

        /* hidden layer */
        dense_backprop_delta(&layer2, dz2_n, dp1_n);
        for (h = 0; h < net->H; h++)
        {
            dz1_n[h] = (z1_n[h] > 0.0) ? dp1_n[h] : 0.0;
        }
        dense_accumulate(&layer1, x_n, dz1_n, g->dW1->data, g->db1->data);
    }

    /* L2: 2 * reg * W, added once */
    for (k = 0; k < net->H * net->C; k++)
    {
        g->dW2->data[k] += 2.0 * reg * net->W2->data[k];
    }
    for (k = 0; k < net->D * net->H; k++)
    {
        g->dW1->data[k] += 2.0 * reg * net->W1->data[k];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
