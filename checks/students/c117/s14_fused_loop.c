/*
 * backward.c -- Assignment 3, part 2: backward pass.
 *
 * Plain loops.  The relu step and the db1 sum are done in the same pass
 * over the hidden layer; the per-unit sums go into a scratch array first
 * (calloc'd, so it starts at zero on every call) and are copied to g at
 * the end.
 */
#include <assert.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define GET(m, i, j)    gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double *hiddenSum = NULL;
    size_t i, j, k;
    int status = GSL_SUCCESS;

    if (N != cache->N || N != g->N || X->size2 != D)
    {
        return GSL_EBADLEN;
    }
    assert(g->dW1->size1 == D && g->dW1->size2 == H);
    assert(g->dW2->size1 == H && g->dW2->size2 == C);

    hiddenSum = calloc(H, sizeof(double));
    if (hiddenSum == NULL)
    {
        status = GSL_ENOMEM;
        goto cleanup;
    }

    /* output layer: dz2, then dW2/db2 */
    for (i = 0; i < N; i++)
    {
        if (y[i] >= C)
        {
            status = GSL_EINVAL;
            goto cleanup;
        }
        for (k = 0; k < C; k++)
        {
            double target = (k == y[i]) ? 1.0 : 0.0;
            SET(g->dz2, i, k, (GET(cache->prob, i, k) - target) / (double)N);
        }
    }
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            double acc = 2.0 * reg * GET(net->W2, j, k);
            for (i = 0; i < N; i++)
                acc += GET(cache->p1, i, j) * GET(g->dz2, i, k);
            SET(g->dW2, j, k, acc);
        }
    }
    for (k = 0; k < C; k++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += GET(g->dz2, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* hidden layer: dp1 = dz2 W2^T, dz1 = relu'(z1) dp1, db1 = sum of dz1 */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double d = 0.0;
            for (k = 0; k < C; k++)
                d += GET(g->dz2, i, k) * GET(net->W2, j, k);
            SET(g->dp1, i, j, d);
            SET(g->dz1, i, j, GET(cache->z1, i, j) > 0.0 ? d : 0.0);
            hiddenSum[j] += d;
        }
    }
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, hiddenSum[j]);

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            double acc = 2.0 * reg * GET(net->W1, k, j);
            for (i = 0; i < N; i++)
                acc += GET(X, i, k) * GET(g->dz1, i, j);
            SET(g->dW1, k, j, acc);
        }
    }

    g->present = BP_GRADS_ALL;

cleanup:
    free(hiddenSum);
    return status;
}
