/*
 * backward.c -- Lab 4
 *
 * One pass over the batch does everything: for sample i we make its row
 * of dz2, push it into dW2/db2, pull it back through W2 into dp1 and the
 * relu into dz1, and push that into dW1/db1.  The weight gradients start
 * at their reg term and only get += after that.
 * Everything walks pointers; tda is the row stride of a gsl_matrix.
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void init_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t r;
    for (r = 0; r < W->size1; r++)
    {
        const double *restrict w = W->data + r * W->tda;
        double *restrict dw = dW->data + r * dW->tda;
        const double *const end = w + W->size2;
        while (w < end)
            *dw++ = 2.0 * reg * *w++;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double scale = 1.0 / (double)N;
    double *restrict gb1 = g->db1->data, *restrict gb2 = g->db2->data;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    init_reg(g->dW2, net->W2, reg);
    init_reg(g->dW1, net->W1, reg);
    for (k = 0; k < C; k++) gb2[k] = 0.0;
    for (j = 0; j < H; j++) gb1[j] = 0.0;

    for (i = 0; i < N; i++)
    {
        const double *restrict x  = X->data + i * X->tda;
        const double *restrict z  = cache->z1->data + i * cache->z1->tda;
        const double *restrict a  = cache->p1->data + i * cache->p1->tda;
        const double *restrict pr = cache->prob->data + i * cache->prob->tda;
        double *restrict d  = g->dz2->data + i * g->dz2->tda;
        double *restrict dp = g->dp1->data + i * g->dp1->tda;
        double *restrict dz = g->dz1->data + i * g->dz1->tda;

        /* dz2 row */
        for (k = 0; k < C; k++)
            d[k] = (pr[k] - (k == y[i] ? 1.0 : 0.0)) * scale;

        /* dW2 += a' d, db2 += d, and dp = W2 d at the same time */
        for (j = 0; j < H; j++)
        {
            const double *restrict w2 = net->W2->data + j * net->W2->tda;
            double *restrict dw2 = g->dW2->data + j * g->dW2->tda;
            double back = 0.0;
            for (k = 0; k < C; k++)
            {
                dw2[k] += a[j] * d[k];
                back += w2[k] * d[k];
            }
            dp[j] = back;
            dz[j] = z[j] > 0.0 ? back : 0.0;
            gb1[j] += dz[j];
        }
        for (k = 0; k < C; k++)
            gb2[k] += d[k];

        /* dW1 += x' dz, one row of dW1 per input feature */
        for (k = 0; k < D; k++)
        {
            double *restrict dw1 = g->dW1->data + k * g->dW1->tda;
            const double xk = x[k];
            for (j = 0; j < H; j++)
                dw1[j] += xk * dz[j];
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
