#include "backprop.h"

/* Backward pass in blocks of 3 samples.
 * I start dW at 2*reg*W (the penalty part) and then add each block's
 * data part on top, so the penalty is only in there once. */

#define BLK 3

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t s, r, i, j, k, n;
    double invN = 1.0 / (double)N;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    /* penalty first */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            g->dW1->data[i * g->dW1->tda + j] = 2.0 * reg * net->W1->data[i * net->W1->tda + j];
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            g->dW2->data[i * g->dW2->tda + j] = 2.0 * reg * net->W2->data[i * net->W2->tda + j];
    for (j = 0; j < H; j++) g->db1->data[j * g->db1->stride] = 0.0;
    for (j = 0; j < C; j++) g->db2->data[j * g->db2->stride] = 0.0;

    for (s = 0; s < N; s += BLK) {
        n = BLK;
        if (s + n > N) n = N - s;   /* last block can be short */

        /* dz2 rows s..s+n-1 */
        for (r = s; r < s + n; r++) {
            const double *pr = cache->prob->data + r * cache->prob->tda;
            double *d = g->dz2->data + r * g->dz2->tda;
            for (k = 0; k < C; k++)
                d[k] = (pr[k] - (k == y[r] ? 1.0 : 0.0)) * invN;
        }

        /* dW2, db2 */
        for (r = s; r < s + n; r++) {
            const double *a = cache->p1->data + r * cache->p1->tda;
            const double *d = g->dz2->data + r * g->dz2->tda;
            for (i = 0; i < H; i++)
                for (k = 0; k < C; k++)
                    g->dW2->data[i * g->dW2->tda + k] += a[i] * d[k];
            for (k = 0; k < C; k++)
                g->db2->data[k * g->db2->stride] += d[k];
        }

        /* dp1 = dz2 W2^T, dz1 = dp1 where z1 > 0 */
        for (r = s; r < s + n; r++) {
            const double *d = g->dz2->data + r * g->dz2->tda;
            double *dp = g->dp1->data + r * g->dp1->tda;
            double *dz = g->dz1->data + r * g->dz1->tda;
            const double *z = cache->z1->data + r * cache->z1->tda;
            for (j = 0; j < H; j++) {
                double acc = 0.0;
                for (k = 0; k < C; k++)
                    acc += d[k] * net->W2->data[j * net->W2->tda + k];
                dp[j] = acc;
                dz[j] = z[j] > 0.0 ? acc : 0.0;
            }
        }

        /* dW1, db1 */
        for (r = s; r < s + n; r++) {
            const double *x = X->data + r * X->tda;
            const double *dz = g->dz1->data + r * g->dz1->tda;
            for (i = 0; i < D; i++)
                for (j = 0; j < H; j++)
                    g->dW1->data[i * g->dW1->tda + j] += x[i] * dz[j];
            for (j = 0; j < H; j++)
                g->db1->data[j * g->db1->stride] += dz[j];
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
