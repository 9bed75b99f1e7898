/* backward.c
 * Lab 3: backward pass of the two-layer network.
 * Products as dot products over the batch, with raw row pointers
 * (data + i*tda); strided reads down the columns of p1 / X are fine
 * for these sizes. */

#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double inv_n = 1.0 / (double)N;
    const double two_reg = 2.0 * reg;

    const double *restrict prob = cache->prob->data;
    const double *restrict z1   = cache->z1->data;
    const double *restrict p1   = cache->p1->data;
    const double *restrict x    = X->data;
    const double *restrict W1   = net->W1->data;
    const double *restrict W2   = net->W2->data;
    double *restrict dz2 = g->dz2->data;
    double *restrict dp1 = g->dp1->data;
    double *restrict dz1 = g->dz1->data;
    double *restrict dW1 = g->dW1->data;
    double *restrict dW2 = g->dW2->data;
    double *restrict db1 = g->db1->data;
    double *restrict db2 = g->db2->data;

    const size_t ldpr = cache->prob->tda, ldz = cache->z1->tda;
    const size_t ldp = cache->p1->tda, ldx = X->tda;
    const size_t ldw1 = net->W1->tda, ldw2 = net->W2->tda;
    const size_t ld2 = g->dz2->tda, ldd = g->dp1->tda, ld1 = g->dz1->tda;
    const size_t ldg1 = g->dW1->tda, ldg2 = g->dW2->tda;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* 1. dz2 */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            dz2[i * ld2 + k] = prob[i * ldpr + k] * inv_n;
        dz2[i * ld2 + y[i]] -= inv_n;
    }

    /* 2. dW2 (H x C) */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += p1[i * ldp + j] * dz2[i * ld2 + k];
            dW2[j * ldg2 + k] = s;
        }
    }

    /* 3. db2 */
    memset(db2, 0, C * sizeof(double));
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            db2[k] += dz2[i * ld2 + k];

    /* 4.+5. dp1 and dz1 */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dz2[i * ld2 + k] * W2[j * ldw2 + k];
            dp1[i * ldd + j] = s;
            dz1[i * ld1 + j] = (z1[i * ldz + j] > 0.0) ? s : 0.0;
        }
    }

    /* 6. dW1 (D x H) */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += x[i * ldx + k] * dz1[i * ld1 + j];
            dW1[k * ldg1 + j] = s + two_reg * W1[k * ldw1 + j];
        }
    }

    /* 7. db1 */
    memset(db1, 0, H * sizeof(double));
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            db1[j] += dz1[i * ld1 + j];

    g->present = BP_GRADS_ALL;
    return 0;
}
