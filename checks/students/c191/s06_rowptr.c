/*
 * backward.c  --  two loops over the batch, pointers straight into the
 * matrices (rows are contiguous, the row stride is tda).
 */
#include <string.h>
#include "backprop.h"

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, h, c, f;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double accW2[H * C], accb2[C], accW1[D * H], accb1[H];
    memset(accW2, 0, sizeof accW2);
    memset(accb2, 0, sizeof accb2);
    memset(accW1, 0, sizeof accW1);
    memset(accb1, 0, sizeof accb1);

    const double *W2 = net->W2->data;
    size_t w2s = net->W2->tda;

    for (i = 0; i < N; i++)
    {
        const double *prob = cache->prob->data + i * cache->prob->tda;
        const double *hid = cache->p1->data + i;
        double *dscore = g->dz2->data + i * g->dz2->tda;
        double *dhid = g->dp1->data + i * g->dp1->tda;

        for (c = 0; c < C; c++)
        {
            dscore[c] = prob[c] / N;
            if (c == y[i])
                dscore[c] -= 1.0 / N;
            accb2[c] += dscore[c];
        }
        for (h = 0; h < H; h++)
        {
            double s = 0;
            for (c = 0; c < C; c++)
            {
                accW2[h * C + c] += hid[h] * dscore[c];
                s += W2[h * w2s + c] * dscore[c];
            }
            dhid[h] = s;
        }
    }

    for (i = 0; i < N; i++)
    {
        const double *xi = X->data + i * X->tda;
        const double *pre = cache->z1->data + i * cache->z1->tda;
        const double *dhid = g->dp1->data + i * g->dp1->tda;
        double *dpre = g->dz1->data + i * g->dz1->tda;

        for (h = 0; h < H; h++)
        {
            dpre[h] = (pre[h] > 0) ? dhid[h] : 0;
            accb1[h] += dpre[h];
            for (f = 0; f < D; f++)
                accW1[f * H + h] += xi[f] * dpre[h];
        }
    }

    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, accW2[h * C + c] + 2 * reg * W2[h * w2s + c]);
    for (c = 0; c < C; c++)
        gsl_vector_set(g->db2, c, accb2[c]);
    for (f = 0; f < D; f++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, f, h, accW1[f * H + h] + 2 * reg * gsl_matrix_get(net->W1, f, h));
    for (h = 0; h < H; h++)
        gsl_vector_set(g->db1, h, accb1[h]);

    g->present = BP_GRADS_ALL;
    return 0;
}
