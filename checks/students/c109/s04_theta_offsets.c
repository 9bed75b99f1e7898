/* backward.c -- everything as flat double arrays.
 *
 * theta = [ W1 (D*H) | b1 (H) | W2 (H*C) | b2 (C) ] and dtheta is laid
 * out the same way (grads.h), so I just take pointers into the blocks.
 * delta and hid are my own scratch buffers, copied out at the end.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

#define OFF_W1 0
#define OFF_B1 (D * H)
#define OFF_W2 (D * H + H)
#define OFF_B2 (D * H + H + H * C)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double *th = net->theta->data;
    const double *w1 = th + OFF_W1, *w2 = th + OFF_W2;
    double *dth = g->dtheta->data;
    double *dw1 = dth + OFF_W1, *db1 = dth + OFF_B1;
    double *dw2 = dth + OFF_W2, *db2 = dth + OFF_B2;
    const double *x = X->data, *z1 = cache->z1->data;
    const double *p1 = cache->p1->data, *pr = cache->prob->data;
    double *delta, *hid;
    size_t n, h, c, d;

    delta = malloc(N * C * sizeof *delta);
    hid = malloc(N * H * sizeof *hid);
    if (!delta || !hid) {
        free(delta);
        free(hid);
        return 1;
    }

    /* clear all of dtheta, then the reg part of the two weight blocks */
    memset(dth, 0, g->dtheta->size * sizeof(double));
    for (n = 0; n < D * H; n++) dw1[n] = 2 * reg * w1[n];
    for (n = 0; n < H * C; n++) dw2[n] = 2 * reg * w2[n];

    /* delta = dL/dz2 */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            delta[n*C + c] = (pr[n*C + c] - (y[n] == c)) / N;

    /* dW2 += p1' delta, db2 = colsum delta */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++) {
            db2[c] += delta[n*C + c];
            for (h = 0; h < H; h++)
                dw2[h*C + c] += p1[n*H + h] * delta[n*C + c];
        }

    /* back through W2 and the relu */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            double s = 0;
            for (c = 0; c < C; c++)
                s += delta[n*C + c] * w2[h*C + c];
            g->dp1->data[n*H + h] = s;
            hid[n*H + h] = z1[n*H + h] > 0 ? s : 0;
        }

    /* dW1 += X' hid, db1 = colsum hid */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            db1[h] += hid[n*H + h];
            for (d = 0; d < D; d++)
                dw1[d*H + h] += x[n*D + d] * hid[n*H + h];
        }

    memcpy(g->dz2->data, delta, N * C * sizeof(double));
    memcpy(g->dz1->data, hid, N * H * sizeof(double));
    free(delta);
    free(hid);
    g->present = BP_GRADS_ALL;
    return 0;
}
