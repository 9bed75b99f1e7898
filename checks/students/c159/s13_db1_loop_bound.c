/* backward.c
 * Two-layer net backward pass, written with loops over raw ->data.
 * buf holds dz2, buf2 holds dp1 and then dz1.  tmp is the running sum.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double tmp;
    double *buf, *buf2;
    const double *P = cache->prob->data, *A = cache->p1->data, *Z = cache->z1->data;
    size_t tP = cache->prob->tda, tA = cache->p1->tda, tZ = cache->z1->tda;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    buf = malloc(N * C * sizeof(double));
    buf2 = malloc(N * H * sizeof(double));

    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
        {
            buf[i * C + k] = (P[i * tP + k] - (y[i] == k)) / N;
            g->dz2->data[i * g->dz2->tda + k] = buf[i * C + k];
        }

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
        {
            tmp = 0;
            for (i = 0; i < N; i++)
                tmp += A[i * tA + j] * buf[i * C + k];
            g->dW2->data[j * g->dW2->tda + k] =
                tmp + 2 * reg * net->W2->data[j * net->W2->tda + k];
        }

    for (k = 0; k < C; k++)
    {
        tmp = 0;
        for (i = 0; i < N; i++)
            tmp += buf[i * C + k];
        g->db2->data[k * g->db2->stride] = tmp;
    }

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            tmp = 0;
            for (k = 0; k < C; k++)
                tmp += buf[i * C + k] * net->W2->data[j * net->W2->tda + k];
            buf2[i * H + j] = tmp;
            g->dp1->data[i * g->dp1->tda + j] = tmp;
        }

    /* relu: only where z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            if (Z[i * tZ + j] <= 0)
                buf2[i * H + j] = 0;
            g->dz1->data[i * g->dz1->tda + j] = buf2[i * H + j];
        }

    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
        {
            tmp = 0;
            for (k = 0; k < N; k++)
                tmp += X->data[k * X->tda + i] * buf2[k * H + j];
            g->dW1->data[i * g->dW1->tda + j] =
                tmp + 2 * reg * net->W1->data[i * net->W1->tda + j];
        }

    for (j = 0; j < H; j++)
    {
        tmp = 0;
        for (i = 0; i < D; i++)
            tmp += buf2[i * H + j];
        g->db1->data[j * g->db1->stride] = tmp;
    }

    free(buf);
    free(buf2);
    g->present = BP_GRADS_ALL;
    return 0;
}
