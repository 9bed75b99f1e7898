/* backward.c -- Project 2, neural net backward pass
 *
 * All N x H things (z1, p1, dp1, dz1) share one leading dimension ld1 and
 * all N x C things (prob, dz2) share ld2.  The weights have their own.
 * Gradients of the weights are built as sums of outer products, one
 * sample at a time (same order as the forward pass).
 *
 *   dz2 = (prob - onehot(y)) / N
 *   dW2 = sum_i p1_i^T dz2_i + 2 reg W2   ;  db2 = sum_i dz2_i
 *   dp1 = dz2 W2^T
 *   dz1 = dp1 * (z1 > 0)
 *   dW1 = sum_i x_i^T dz1_i + 2 reg W1    ;  db1 = sum_i dz1_i
 */
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    size_t ld1 = cache->p1->tda;     /* z1, p1, dp1, dz1 */
    size_t ld2 = cache->prob->tda;   /* prob, dz2 */
    size_t ldx = X->tda;
    size_t ldw1 = net->W1->tda, ldw2 = net->W2->tda;
    size_t ldg1 = g->dW1->tda, ldg2 = g->dW2->tda;

    const double *prob = cache->prob->data;
    const double *z1 = cache->z1->data;
    const double *p1 = cache->p1->data;
    const double *x = X->data;
    const double *W1 = net->W1->data, *W2 = net->W2->data;

    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    double *dW1 = g->dW1->data, *dW2 = g->dW2->data;
    double *db1 = g->db1->data, *db2 = g->db2->data;

    /* zero the accumulators (row by row, because of tda) */
    for (size_t k = 0; k < H; k++)
        memset(dW2 + k * ldg2, 0, C * sizeof(double));
    for (size_t k = 0; k < D; k++)
        memset(dW1 + k * ldg1, 0, H * sizeof(double));
    memset(db2, 0, C * sizeof(double));
    memset(db1, 0, H * sizeof(double));

    /* dz2 */
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++)
            dz2[i * ld2 + c] = prob[i * ld2 + c] / (double) N;
        dz2[i * ld2 + y[i]] -= 1.0 / (double) N;
    }

    /* layer 2, one sample at a time */
    for (size_t i = 0; i < N; i++) {
        const double *drow = dz2 + i * ld2;
        const double *arow = p1 + i * ld2;
        for (size_t k = 0; k < H; k++) {
            double a = arow[k];
            for (size_t c = 0; c < C; c++)
                dW2[k * ldg2 + c] += a * drow[c];
        }
        for (size_t c = 0; c < C; c++)
            db2[c] += drow[c];
        /* dp1_i = dz2_i W2^T */
        for (size_t k = 0; k < H; k++) {
            double s = 0.0;
            for (size_t c = 0; c < C; c++)
                s += drow[c] * W2[k * ldw2 + c];
            dp1[i * ld1 + k] = s;
        }
    }

    /* relu */
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++)
            dz1[i * ld1 + k] = z1[i * ld1 + k] > 0.0 ? dp1[i * ld1 + k] : 0.0;

    /* layer 1, one sample at a time */
    for (size_t i = 0; i < N; i++) {
        const double *drow = dz1 + i * ld1;
        const double *xrow = x + i * ldx;
        for (size_t m = 0; m < D; m++) {
            double a = xrow[m];
            for (size_t k = 0; k < H; k++)
                dW1[m * ldg1 + k] += a * drow[k];
        }
        for (size_t k = 0; k < H; k++)
            db1[k] += drow[k];
    }

    /* L2 */
    for (size_t k = 0; k < H; k++)
        for (size_t c = 0; c < C; c++)
            dW2[k * ldg2 + c] += 2.0 * reg * W2[k * ldw2 + c];
    for (size_t m = 0; m < D; m++)
        for (size_t k = 0; k < H; k++)
            dW1[m * ldg1 + k] += 2.0 * reg * W1[m * ldw1 + k];

    g->present = BP_GRADS_ALL;
    return 0;
}
