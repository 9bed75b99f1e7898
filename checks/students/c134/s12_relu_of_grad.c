/* backward.c -- my backward pass
 *
 * p1 = max(0, z1) going forward, so going back the gradient goes through
 * the same max.  Everything else is plain row-pointer loops.
 */
#include <gsl/gsl_math.h>
#include "backprop.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || g->N != N)
        return 1;

    for (i = 0; i < N; i++)
    {
        const double *p = cache->prob->data + i * cache->prob->tda;
        double *d = g->dz2->data + i * g->dz2->tda;
        for (k = 0; k < C; k++)
            d[k] = p[k] / N;
        d[y[i]] -= 1.0 / N;
    }

    for (j = 0; j < H; j++)
    {
        double *dw = g->dW2->data + j * g->dW2->tda;
        const double *w = net->W2->data + j * net->W2->tda;
        for (k = 0; k < C; k++)
        {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += cache->p1->data[i * cache->p1->tda + j] * g->dz2->data[i * g->dz2->tda + k];
            dw[k] = acc + 2.0 * reg * w[k];
        }
    }
    for (k = 0; k < C; k++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += g->dz2->data[i * g->dz2->tda + k];
        g->db2->data[k * g->db2->stride] = acc;
    }

    for (i = 0; i < N; i++)
    {
        const double *d = g->dz2->data + i * g->dz2->tda;
        double *dp = g->dp1->data + i * g->dp1->tda;
        double *dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++)
        {
            const double *w = net->W2->data + j * net->W2->tda;
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += d[k] * w[k];
            dp[j] = acc;
            dz[j] = GSL_MAX (0.0, dp[j]);     /* back through the relu */
        }
    }

    for (k = 0; k < D; k++)
    {
        double *dw = g->dW1->data + k * g->dW1->tda;
        const double *w = net->W1->data + k * net->W1->tda;
        for (j = 0; j < H; j++)
        {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
            dw[j] = acc + 2.0 * reg * w[j];
        }
    }
    for (j = 0; j < H; j++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += g->dz1->data[i * g->dz1->tda + j];
        g->db1->data[j * g->db1->stride] = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
