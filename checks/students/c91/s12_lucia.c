/* Lucia Romero - backward.c
 * Loss + gradients.  I go straight through ->data (row i starts at
 * data + i*tda) because get/set was slow in my profile. */

#include <math.h>
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

double lucia_last_loss;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double loss = 0.0, regsum = 0.0;
    double *db1 = g->db1->data, *db2 = g->db2->data;
    const size_t s1 = g->db1->stride, s2 = g->db2->stride;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* softmax probabilities (stable) + loss */
    for (size_t i = 0; i < N; i++) {
        const double *z = cache->z2->data + i * cache->z2->tda;
        double *p = g->dz2->data + i * g->dz2->tda;
        double mx = z[0], tot = 0.0;
        for (size_t c = 1; c < C; c++) if (z[c] > mx) mx = z[c];
        for (size_t c = 0; c < C; c++) { p[c] = exp(z[c] - mx); tot += p[c]; }
        for (size_t c = 0; c < C; c++) p[c] /= tot;
        loss -= log(p[y[i]]);
    }
    for (size_t k = 0; k < D * H; k++) regsum += net->W1->data[k] * net->W1->data[k];
    for (size_t k = 0; k < H * C; k++) regsum += net->W2->data[k] * net->W2->data[k];
    lucia_last_loss = loss / N + reg * regsum;

    /* dz2 = (p - y) / N, db2 as a running sum over the rows */
    for (size_t c = 0; c < C; c++) db2[c * s2] = 0.0;
    for (size_t i = 0; i < N; i++) {
        double *p = g->dz2->data + i * g->dz2->tda;
        p[y[i]] -= 1.0;
        for (size_t c = 0; c < C; c++) {
            p[c] /= (double) N;
            db2[c * s2] += p[c];
        }
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (size_t h = 0; h < H; h++) {
        double *dw = g->dW2->data + h * g->dW2->tda;
        const double *w = net->W2->data + h * net->W2->tda;
        for (size_t c = 0; c < C; c++) dw[c] = 2.0 * reg * w[c];
        for (size_t i = 0; i < N; i++) {
            double a = cache->p1->data[i * cache->p1->tda + h];
            const double *dz = g->dz2->data + i * g->dz2->tda;
            for (size_t c = 0; c < C; c++) dw[c] += a * dz[c];
        }
    }

    /* dp1 = dz2 W2^T, dz1 through the relu, db1 summed on the way */
    for (size_t h = 0; h < H; h++) db1[h * s1] = 0.0;
    for (size_t i = 0; i < N; i++) {
        const double *dz = g->dz2->data + i * g->dz2->tda;
        double *dp = g->dp1->data + i * g->dp1->tda;
        double *dh = g->dz1->data + i * g->dz1->tda;
        const double *zz = cache->z1->data + i * cache->z1->tda;
        for (size_t h = 0; h < H; h++) {
            const double *w = net->W2->data + h * net->W2->tda;
            double v = 0.0;
            for (size_t c = 0; c < C; c++) v += dz[c] * w[c];
            dp[h] = v;
            db1[h * s1] += v;
            dh[h] = zz[h] > 0.0 ? v : 0.0;
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (size_t d = 0; d < D; d++) {
        double *dw = g->dW1->data + d * g->dW1->tda;
        memcpy(dw, net->W1->data + d * net->W1->tda, H * sizeof(double));
        for (size_t h = 0; h < H; h++) dw[h] *= 2.0 * reg;
        for (size_t i = 0; i < N; i++) {
            double xv = X->data[i * X->tda + d];
            const double *dh = g->dz1->data + i * g->dz1->tda;
            for (size_t h = 0; h < H; h++) dw[h] += xv * dh[h];
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
