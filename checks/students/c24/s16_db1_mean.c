/* backward.c -- two layer net backward (lab 7)
 *
 *   dz2 = (softmax(z2) - onehot(y)) / N
 *   dW2 = p1^T dz2 + 2 reg W2
 *   db2 = sum_i dz2[i]
 *   dp1 = dz2 W2^T
 *   dz1 = dp1 * (z1 > 0)
 *   dW1 = X^T dz1 + 2 reg W1
 *   db1 = bias gradient of layer 1 (average over the batch)
 *
 * Biases are summed in stack arrays (VLAs) and copied out at the end.
 */
#include <string.h>
#include "backprop.h"

#define IDX(i, j, ld) ((i) * (ld) + (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    const double *prob = cache->prob->data; size_t lpr = cache->prob->tda;
    const double *p1 = cache->p1->data;     size_t lp1 = cache->p1->tda;
    const double *z1 = cache->z1->data;     size_t lz1 = cache->z1->tda;
    const double *xd = X->data;             size_t lx  = X->tda;
    const double *W1 = net->W1->data;       size_t lw1 = net->W1->tda;
    const double *W2 = net->W2->data;       size_t lw2 = net->W2->tda;

    double *dz2 = g->dz2->data; size_t ldz2 = g->dz2->tda;
    double *dW2 = g->dW2->data; size_t ldW2 = g->dW2->tda;
    double *dp1 = g->dp1->data; size_t ldp1 = g->dp1->tda;
    double *dz1 = g->dz1->data; size_t ldz1 = g->dz1->tda;
    double *dW1 = g->dW1->data; size_t ldW1 = g->dW1->tda;

    double b2sum[C], b1sum[H];
    memset(b2sum, 0, sizeof b2sum);
    memset(b1sum, 0, sizeof b1sum);

    /* dz2 and its column sums */
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++) {
            double v = prob[IDX(i, c, lpr)];
            if (c == y[i]) v -= 1.0;
            v /= (double) N;
            dz2[IDX(i, c, ldz2)] = v;
            b2sum[c] += v;
        }
    }

    /* dW2 */
    for (size_t k = 0; k < H; k++)
        for (size_t c = 0; c < C; c++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += p1[IDX(i, k, lp1)] * dz2[IDX(i, c, ldz2)];
            dW2[IDX(k, c, ldW2)] = s + 2.0 * reg * W2[IDX(k, c, lw2)];
        }

    /* dp1, dz1 and dz1's column sums */
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++) {
            double s = 0.0;
            for (size_t c = 0; c < C; c++)
                s += dz2[IDX(i, c, ldz2)] * W2[IDX(k, c, lw2)];
            dp1[IDX(i, k, ldp1)] = s;
            double gz = (z1[IDX(i, k, lz1)] > 0.0) ? s : 0.0;
            dz1[IDX(i, k, ldz1)] = gz;
            b1sum[k] += gz;
        }

    /* dW1 */
    for (size_t m = 0; m < D; m++)
        for (size_t k = 0; k < H; k++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += xd[IDX(i, m, lx)] * dz1[IDX(i, k, ldz1)];
            dW1[IDX(m, k, ldW1)] = s + 2.0 * reg * W1[IDX(m, k, lw1)];
        }

    /* biases out */
    for (size_t c = 0; c < C; c++)
        gsl_vector_set(g->db2, c, b2sum[c]);
    for (size_t k = 0; k < H; k++)
        gsl_vector_set(g->db1, k, b1sum[k] / (double) N);

    g->present = BP_GRADS_ALL;
    return 0;
}
