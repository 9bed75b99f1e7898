/* backward.c -- hw4 q2.  backward pass, two-layer net.
 *
 * scratch layout (one calloc):
 *   ds  N*C   gradient of the scores
 *   dw2 H*C
 *   db2 C
 *   dh  N*H   gradient of the hidden activations
 *   dz  N*H   after the relu
 *   dw1 D*H
 *   db1 H
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    const double *P = cache->prob->data, *A = cache->p1->data;
    const double *Z = cache->z1->data, *x = X->data;
    const double *w1 = net->W1->data, *w2 = net->W2->data;
    size_t tp = cache->prob->tda, ta = cache->p1->tda, tz = cache->z1->tda;
    size_t tx = X->tda, t1 = net->W1->tda, t2 = net->W2->tda;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double *s = calloc(N*C + H*C + C + 2*N*H + D*H + H, sizeof *s);
    if (!s) return 1;
    double *ds  = s;
    double *dw2 = ds + N*C;
    double *db2 = dw2 + H*C;
    double *dh  = dw2 + H*C;
    double *dz  = dh + N*H;
    double *dw1 = dz + N*H;
    double *db1 = dw1 + D*H;

    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            ds[i*C + k] = P[i*tp + k] / N;
        ds[i*C + y[i]] -= 1.0 / N;
    }

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double acc = 2 * reg * w2[j*t2 + k];
            for (i = 0; i < N; i++)
                acc += A[i*ta + j] * ds[i*C + k];
            dw2[j*C + k] = acc;
        }
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            db2[k] += ds[i*C + k];

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double acc = 0;
            for (k = 0; k < C; k++)
                acc += ds[i*C + k] * w2[j*t2 + k];
            dh[i*H + j] = acc;
            dz[i*H + j] = Z[i*tz + j] > 0 ? acc : 0;
        }

    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double acc = 2 * reg * w1[k*t1 + j];
            for (i = 0; i < N; i++)
                acc += x[i*tx + k] * dz[i*H + j];
            dw1[k*H + j] = acc;
        }
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            db1[j] += dz[i*H + j];

    /* everything into g */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, ds[i*C + k]);
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, dh[i*H + j]);
            gsl_matrix_set(g->dz1, i, j, dz[i*H + j]);
        }
    }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, dw2[j*C + k]);
    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, db2[k]);
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, k, j, dw1[k*H + j]);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1[j]);

    free(s);
    g->present = BP_GRADS_ALL;
    return 0;
}
