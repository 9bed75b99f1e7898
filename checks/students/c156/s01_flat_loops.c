/* backward.c -- hw3, backward pass of the two layer net.
 *
 * Everything in GSL is one contiguous block (row major) so I just walk
 * ->data with ONE index k and get the row / column back with k / cols and
 * k % cols.  No BLAS, only loops.
 */
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t k, n;
    const double *prob = cache->prob->data;
    const double *p1 = cache->p1->data;
    const double *z1 = cache->z1->data;
    const double *W1 = net->W1->data, *W2 = net->W2->data;
    const double *x = X->data;
    double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
    double *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    double *dW1 = g->dW1->data, *db1 = g->db1->data;

    if (N != cache->N || D != X->size2 || g->N != N)
        return 1;

    /* 1. dz2 = (prob - onehot(y)) / N */
    for (k = 0; k < N * C; k++) {
        size_t i = k / C, j = k % C;
        dz2[k] = prob[k];
        if (j == y[i])
            dz2[k] -= 1.0;
        dz2[k] /= (double) N;
    }

    /* 2. dW2 = p1^T dz2 + 2 reg W2   (H x C) */
    for (k = 0; k < H * C; k++) {
        size_t i = k / C, j = k % C;
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += p1[n * H + i] * dz2[n * C + j];
        dW2[k] = s + 2.0 * reg * W2[k];
    }

    /* 3. db2 = sum of dz2 over the rows */
    for (k = 0; k < C; k++)
        db2[k] = 0.0;
    for (k = 0; k < N * C; k++)
        db2[k % C] += dz2[k];

    /* 4. dp1 = dz2 W2^T   (N x H) */
    for (k = 0; k < N * H; k++) {
        size_t i = k / H, j = k % H, c;
        double s = 0.0;
        for (c = 0; c < C; c++)
            s += dz2[i * C + c] * W2[j * C + c];
        dp1[k] = s;
    }

    /* 5. through the relu: same shape, so no division needed */
    for (k = 0; k < N * H; k++)
        dz1[k] = z1[k] > 0 ? dp1[k] : 0.0;

    /* 6. dW1 = X^T dz1 + 2 reg W1   (D x H) */
    for (k = 0; k < D * H; k++) {
        size_t i = k / H, j = k % H;
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += x[n * D + i] * dz1[n * H + j];
        dW1[k] = s + 2.0 * reg * W1[k];
    }

    /* 7. db1 */
    memset(db1, 0, H * sizeof(double));
    for (k = 0; k < N * H; k++)
        db1[k % H] += dz1[k];

    g->present = BP_GRADS_ALL;
    return 0;
}
