/* backward.c -- raw ->data access, row i col j is data[i*tda + j].
 * (gsl_matrix_get does range checking on every call, too slow) */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double *x = X->data, *pr = cache->prob->data, *a1 = cache->p1->data;
    const double *z1 = cache->z1->data, *w1 = net->W1->data, *w2 = net->W2->data;
    double *dz2 = g->dz2->data, *dw2 = g->dW2->data, *db2 = g->db2->data;
    double *dp1 = g->dp1->data, *dz1 = g->dz1->data, *dw1 = g->dW1->data;
    double *db1 = g->db1->data;
    const size_t tx = X->tda, tpr = cache->prob->tda, ta1 = cache->p1->tda;
    const size_t tz1 = cache->z1->tda, tw1 = net->W1->tda, tw2 = net->W2->tda;
    const size_t tdz2 = g->dz2->tda, tdw2 = g->dW2->tda, tdp1 = g->dp1->tda;
    const size_t tdz1 = g->dz1->tda, tdw1 = g->dW1->tda;
    const size_t sb2 = g->db2->stride, sb1 = g->db1->stride;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dz2[i*tdz2 + k] = (pr[i*tpr + k] - (k == y[i])) / (double)N;

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 2.0 * reg * w2[j*tw2 + k];
            for (i = 0; i < N; i++)
                s += a1[i*ta1 + j] * dz2[i*tdz2 + k];
            dw2[j*tdw2 + k] = s;
        }
    for (k = 0; k < C; k++) {
        db2[k*sb2] = 0.0;
        for (i = 0; i < N; i++)
            db2[k*sb2] += dz2[i*tdz2 + k];
    }

    /* dp1, and db1 in the same pass */
    for (j = 0; j < H; j++)
        db1[j*sb1] = 0.0;
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dz2[i*tdz2 + k] * w2[j*tw2 + k];
            dp1[i*tdp1 + j] = s;
            dz1[i*tdz1 + j] = z1[i*tz1 + j] > 0.0 ? s : 0.0;
            db1[j*sb1] += dp1[i*tdp1 + j];
        }

    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 2.0 * reg * w1[k*tw1 + j];
            for (i = 0; i < N; i++)
                s += x[i*tx + k] * dz1[i*tdz1 + j];
            dw1[k*tdw1 + j] = s;
        }

    g->present = BP_GRADS_ALL;
    return 0;
}
