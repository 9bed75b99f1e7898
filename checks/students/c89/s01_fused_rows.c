/* backward.c -- lab 4, backward pass of the two-layer net
 *
 * No gsl_matrix_get/set anywhere: every access is a raw row pointer,
 * row = m->data + i * m->tda.  Two passes over the batch:
 *   pass 1: dz2, dW2 and db2 for sample i together
 *   pass 2: dp1, dz1 and db1 for sample i together
 * and dW1 at the end, one input feature (row of dW1) at a time.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    const double invN = 1.0 / (double)N;
    double *restrict db2 = g->db2->data;
    double *restrict db1 = g->db1->data;
    size_t i, j, k, f;

    if (N != cache->N || D != net->D || g->N != N)
        return 1;

    /* dW2 starts at the reg term, db2 at zero */
    for (j = 0; j < H; j++) {
        double *restrict dw = g->dW2->data + j * g->dW2->tda;
        const double *restrict w = net->W2->data + j * net->W2->tda;
        for (k = 0; k < C; k++)
            dw[k] = 2.0 * reg * w[k];
    }
    for (k = 0; k < C; k++)
        db2[k * g->db2->stride] = 0.0;

    /* pass 1: dz2 = (prob - onehot) / N, then add sample i into dW2, db2 */
    for (i = 0; i < N; i++) {
        const double *restrict pr = cache->prob->data + i * cache->prob->tda;
        const double *restrict a = cache->p1->data + i * cache->p1->tda;
        double *restrict d = g->dz2->data + i * g->dz2->tda;

        for (k = 0; k < C; k++)
            d[k] = pr[k] * invN;
        d[y[i]] -= invN;

        for (k = 0; k < C; k++)
            db2[k * g->db2->stride] += d[k];
        for (j = 0; j < H; j++) {
            double *restrict dw = g->dW2->data + j * g->dW2->tda;
            if (a[j] == 0.0)
                continue;       /* dead unit: nothing to add */
            for (k = 0; k < C; k++)
                dw[k] += a[j] * d[k];
        }
    }

    /* pass 2: dp1 = dz2 W2', dz1 = dp1 where z1 > 0, db1 = sum dz1 */
    for (j = 0; j < H; j++)
        db1[j * g->db1->stride] = 0.0;
    for (i = 0; i < N; i++) {
        const double *restrict d = g->dz2->data + i * g->dz2->tda;
        const double *restrict z = cache->z1->data + i * cache->z1->tda;
        double *restrict dp = g->dp1->data + i * g->dp1->tda;
        double *restrict dz = g->dz1->data + i * g->dz1->tda;

        for (j = 0; j < H; j++) {
            const double *restrict w = net->W2->data + j * net->W2->tda;
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += d[k] * w[k];
            dp[j] = s;
            dz[j] = z[j] > 0.0 ? s : 0.0;
            db1[j * g->db1->stride] += dz[j];
        }
    }

    /* dW1 = X' dz1 + 2 reg W1, row f of dW1 needs column f of X */
    for (f = 0; f < D; f++) {
        double *restrict dw = g->dW1->data + f * g->dW1->tda;
        const double *restrict w = net->W1->data + f * net->W1->tda;
        for (j = 0; j < H; j++)
            dw[j] = 2.0 * reg * w[j];
        for (i = 0; i < N; i++) {
            const double x = X->data[i * X->tda + f];
            const double *restrict dz = g->dz1->data + i * g->dz1->tda;
            for (j = 0; j < H; j++)
                dw[j] += x * dz[j];
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
