/*******************************************************************
 * backward.c
 * Backpropagation through  X -> affine -> relu -> affine -> softmax
 * All loops use pointers; the row length of a matrix is its tda.
 *******************************************************************/

#include "backprop/net.h"
#include "backprop/grads.h"

#define ROWPTR(M, i)  ((M)->data + (i) * (M)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* ---------- softmax + cross entropy ---------- */
    for (i = 0; i < N; i++)
    {
        double *dz = ROWPTR(g->dz2, i);
        const double *pr = ROWPTR(cache->prob, i);
        for (k = 0; k < C; k++)
            dz[k] = pr[k];
        dz[y[i]] -= 1.0;
        for (k = 0; k < C; k++)
            dz[k] /= (double) N;
    }

    /* ---------- second affine layer ---------- */
    for (j = 0; j < H; j++)
    {
        double *dw = ROWPTR(g->dW2, j);
        const double *w = ROWPTR(net->W2, j);
        for (k = 0; k < C; k++)
            dw[k] = 2.0 * reg * w[k];
    }
    for (i = 0; i < N; i++)
    {
        const double *a = ROWPTR(cache->p1, i);
        const double *dz = ROWPTR(g->dz2, i);
        for (j = 0; j < H; j++)
        {
            double *dw = ROWPTR(g->dW2, j);
            for (k = 0; k < C; k++)
                dw[k] += a[j] * dz[k];
        }
    }
    for (k = 0; k < C; k++)
    {
        const double *col = g->dz2->data + k;
        double total = 0.0;
        for (i = 0; i < N; i++, col += g->dz2->tda)
            total += *col;
        g->db2->data[k] = total / (double) N;     /* average over the batch */
    }
    for (i = 0; i < N; i++)
    {
        const double *dz = ROWPTR(g->dz2, i);
        double *dp = ROWPTR(g->dp1, i);
        for (j = 0; j < H; j++)
        {
            const double *w = ROWPTR(net->W2, j);
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dz[k] * w[k];
            dp[j] = s;
        }
    }

    /* ---------- relu ---------- */
    for (i = 0; i < N; i++)
    {
        const double *z = ROWPTR(cache->z1, i);
        const double *dp = ROWPTR(g->dp1, i);
        double *dz = ROWPTR(g->dz1, i);
        for (j = 0; j < H; j++)
            dz[j] = (z[j] > 0.0) ? dp[j] : 0.0;
    }

    /* ---------- first affine layer ---------- */
    for (k = 0; k < D; k++)
    {
        double *dw = ROWPTR(g->dW1, k);
        const double *w = ROWPTR(net->W1, k);
        for (j = 0; j < H; j++)
            dw[j] = 2.0 * reg * w[j];
    }
    for (i = 0; i < N; i++)
    {
        const double *x = ROWPTR(X, i);
        const double *dz = ROWPTR(g->dz1, i);
        for (k = 0; k < D; k++)
        {
            double *dw = ROWPTR(g->dW1, k);
            for (j = 0; j < H; j++)
                dw[j] += x[k] * dz[j];
        }
    }
    for (j = 0; j < H; j++)
    {
        const double *col = g->dz1->data + j;
        double total = 0.0;
        for (i = 0; i < N; i++, col += g->dz1->tda)
            total += *col;
        g->db1->data[j] = total;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
