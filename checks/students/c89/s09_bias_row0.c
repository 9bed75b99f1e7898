/*
 * Lab 4 -- backward()
 *
 * Column sums (db2, db1) done row-wise so the inner loop is contiguous:
 * start from row 0 with memcpy, then add the remaining rows one by one.
 */
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

#define ROW(m, r) ((m)->data + (size_t)(r) * (m)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double r2 = 2.0 * reg;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* ---- output layer ---- */
    for (i = 0; i < N; i++)
    {
        double *restrict dz = ROW(g->dz2, i);
        const double *restrict p = ROW(cache->prob, i);
        for (k = 0; k < C; k++)
            dz[k] = (k == y[i] ? p[k] - 1.0 : p[k]) / (double)N;
    }

    /* db2: row 0 is already in after the memcpy */
    memcpy(g->db2->data, ROW(g->dz2, 0), C * sizeof(double));
    for (i = 0; i < N; i++)
    {
        const double *restrict dz = ROW(g->dz2, i);
        for (k = 0; k < C; k++)
            g->db2->data[k] += dz[k];
    }

    /* dW2[j][k] = sum_i p1[i][j] dz2[i][k] + 2 reg W2[j][k] */
    for (j = 0; j < H; j++)
    {
        double *restrict dw = ROW(g->dW2, j);
        const double *restrict w = ROW(net->W2, j);
        for (k = 0; k < C; k++)
            dw[k] = r2 * w[k];
        for (i = 0; i < N; i++)
        {
            const double a = ROW(cache->p1, i)[j];
            const double *restrict dz = ROW(g->dz2, i);
            for (k = 0; k < C; k++)
                dw[k] += a * dz[k];
        }
    }

    /* ---- hidden layer ---- */
    for (i = 0; i < N; i++)
    {
        const double *restrict dz = ROW(g->dz2, i);
        const double *restrict z1 = ROW(cache->z1, i);
        double *restrict dp = ROW(g->dp1, i);
        double *restrict dh = ROW(g->dz1, i);
        for (j = 0; j < H; j++)
        {
            const double *restrict w = ROW(net->W2, j);
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dz[k] * w[k];
            dp[j] = s;
            dh[j] = z1[j] > 0.0 ? s : 0.0;
        }
    }

    memcpy(g->db1->data, ROW(g->dz1, 0), H * sizeof(double));
    for (i = 1; i < N; i++)
    {
        const double *restrict dh = ROW(g->dz1, i);
        for (j = 0; j < H; j++)
            g->db1->data[j] += dh[j];
    }

    for (k = 0; k < D; k++)
    {
        double *restrict dw = ROW(g->dW1, k);
        const double *restrict w = ROW(net->W1, k);
        for (j = 0; j < H; j++)
            dw[j] = r2 * w[j];
        for (i = 0; i < N; i++)
        {
            const double x = ROW(X, i)[k];
            const double *restrict dh = ROW(g->dz1, i);
            for (j = 0; j < H; j++)
                dw[j] += x * dh[j];
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
