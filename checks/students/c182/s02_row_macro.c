/*
 * backward.c  --  hand-written backward pass (assignment 3)
 *
 * Every matrix is walked row by row: ROW(m, i) is the start of row i,
 * i.e. m->data + i * m->tda (tda can be bigger than size2 for a view,
 * so never assume the rows are packed).
 */

#include <stddef.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define ROW(m, i) ((m)->data + (i) * (m)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = X->size2;
    const size_t H = net->H, C = net->C;
    size_t n, h, c, d;
    double acc;

    if (N != cache->N || D != net->D || g->N != N)
        return 1;

    /* ---- dz2 = (softmax - onehot(y)) / N ---- */
    for (n = 0; n < N; n++)
    {
        const double *pr = ROW(cache->prob, n);
        double *dz = ROW(g->dz2, n);
        for (c = 0; c < C; c++)
            dz[c] = pr[c] / N;
        dz[y[n]] -= 1.0 / N;
    }

    /* ---- dW2[h][c] = sum_n p1[n][h] dz2[n][c] + 2 reg W2[h][c] ---- */
    for (h = 0; h < H; h++)
    {
        double *out = ROW(g->dW2, h);
        const double *w = ROW(net->W2, h);
        for (c = 0; c < C; c++)
        {
            const double *a = cache->p1->data + h;   /* column h of p1 */
            const double *b = g->dz2->data + c;      /* column c of dz2 */
            acc = 0.0;
            for (n = 0; n < N; n++)
            {
                acc += *a * *b;
                a += cache->p1->tda;
                b += g->dz2->tda;
            }
            out[c] = acc + 2.0 * reg * w[c];
        }
    }

    /* ---- db2[c] = sum_n dz2[n][c] ---- */
    for (c = 0; c < C; c++)
    {
        const double *b = g->dz2->data + c;
        acc = 0.0;
        for (n = 0; n < N; n++, b += g->dz2->tda)
            acc += *b;
        g->db2->data[c * g->db2->stride] = acc;
    }

    /* ---- dp1[n][h] = sum_c dz2[n][c] W2[h][c] ---- */
    for (n = 0; n < N; n++)
    {
        const double *a = ROW(g->dz2, n);
        double *out = ROW(g->dp1, n);
        for (h = 0; h < H; h++)
        {
            const double *w = ROW(net->W2, h);
            acc = 0.0;
            for (c = 0; c < C; c++)
                acc += a[c] * w[c];
            out[h] = acc;
        }
    }

    /* ---- dz1 = dp1 * [z1 > 0] ---- */
    for (n = 0; n < N; n++)
    {
        const double *dp = ROW(g->dp1, n);
        const double *z = ROW(cache->z1, n);
        double *out = ROW(g->dz1, n);
        for (h = 0; h < H; h++)
            out[h] = z[h] > 0.0 ? dp[h] : 0.0;
    }

    /* ---- dW1[d][h] = sum_n X[n][d] dz1[n][h] + 2 reg W1[d][h] ---- */
    for (d = 0; d < D; d++)
    {
        double *out = ROW(g->dW1, d);
        const double *w = ROW(net->W1, d);
        for (h = 0; h < H; h++)
        {
            const double *a = X->data + d;
            const double *b = g->dz1->data + h;
            acc = 0.0;
            for (n = 0; n < N; n++)
            {
                acc += *a * *b;
                a += X->tda;
                b += g->dz1->tda;
            }
            out[h] = acc + 2.0 * reg * w[h];
        }
    }

    /* ---- db1[h] = sum_n dz1[n][h] ---- */
    for (h = 0; h < H; h++)
    {
        const double *b = g->dz1->data + h;
        acc = 0.0;
        for (n = 0; n < N; n++, b += g->dz1->tda)
            acc += *b;
        g->db1->data[h * g->db1->stride] = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
