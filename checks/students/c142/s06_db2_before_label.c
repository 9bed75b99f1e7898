/* hw3: backward pass for the 2-layer net.
   Raw pointers + tda everywhere (much faster than gsl_matrix_get).
   Order: dz2 (+db2), dp1/dz1 (+db1), then dW2 and dW1 in one loop over
   the samples. */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *db2 = g->db2->data, *db1 = g->db1->data;

    if (N != cache->N || N != g->N) return 1;

    for (j = 0; j < C; j++) db2[j * g->db2->stride] = 0.0;
    for (j = 0; j < H; j++) db1[j * g->db1->stride] = 0.0;

    /* dz2 = (probs - 1{y}) / N ; db2 = sum over samples */
    for (i = 0; i < N; i++) {
        const double *p = cache->prob->data + i * cache->prob->tda;
        double *d = g->dz2->data + i * g->dz2->tda;
        for (j = 0; j < C; j++) {
            d[j] = p[j] / N;
            db2[j * g->db2->stride] += d[j];
        }
        d[y[i]] -= 1.0 / N;     /* correct class */
    }

    /* dp1 = dz2 W2^T, dz1 = relu mask of it, db1 summed as we mask */
    for (i = 0; i < N; i++) {
        const double *d2 = g->dz2->data + i * g->dz2->tda;
        const double *z = cache->z1->data + i * cache->z1->tda;
        double *dp = g->dp1->data + i * g->dp1->tda;
        double *dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
            const double *w = net->W2->data + j * net->W2->tda;
            double s = 0.0;
            for (k = 0; k < C; k++) s += d2[k] * w[k];
            dp[j] = s;
            dz[j] = z[j] > 0.0 ? s : 0.0;
            db1[j * g->db1->stride] += dz[j];
        }
    }

    /* weights: start from the reg term, then ONE loop over samples for both */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            g->dW2->data[j * g->dW2->tda + k] = 2.0 * reg * net->W2->data[j * net->W2->tda + k];
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            g->dW1->data[k * g->dW1->tda + j] = 2.0 * reg * net->W1->data[k * net->W1->tda + j];

    for (i = 0; i < N; i++) {
        const double *a = cache->p1->data + i * cache->p1->tda;
        const double *x = X->data + i * X->tda;
        const double *d2 = g->dz2->data + i * g->dz2->tda;
        const double *dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
            double *r2 = g->dW2->data + j * g->dW2->tda;
            for (k = 0; k < C; k++) r2[k] += a[j] * d2[k];
        }
        for (k = 0; k < D; k++) {
            double *r1 = g->dW1->data + k * g->dW1->tda;
            for (j = 0; j < H; j++) r1[j] += x[k] * dz[j];
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
