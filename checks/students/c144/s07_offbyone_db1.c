/* backward.c -- HW5, two layer net, backward pass
 * (raw pointer access with the row stride tda, see the GSL manual 8.4.2)
 *
 *   dz2 = (P - Y)/N            [N x C]    eq. 5.1
 *   dW2 = p1^T dz2 + 2 reg W2  [H x C]    eq. 5.2
 *   db2 = 1^T dz2              [C]        eq. 5.3
 *   dp1 = dz2 W2^T             [N x H]    eq. 5.4
 *   dz1 = dp1 o H(z1)          [N x H]    eq. 5.5  (H = Heaviside)
 *   dW1 = X^T dz1 + 2 reg W1   [D x H]    eq. 5.6
 *   db1 = 1^T dz1              [H]        eq. 5.7
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h, c, d;
    double sum;
    double *prow, *zrow, *drow;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* eq. 5.1 */
    n = 0;
    while (n < N) {
        prow = cache->prob->data + n * cache->prob->tda;
        drow = g->dz2->data + n * g->dz2->tda;
        for (c = 0; c < C; c++)
            drow[c] = (prow[c] - (c == y[n] ? 1.0 : 0.0)) / (double) N;
        n++;
    }

    /* eq. 5.2 and 5.3 */
    for (c = 0; c < C; c++) {
        for (h = 0; h < H; h++) {
            sum = 0.0;
            for (n = 0; n < N; n++)
                sum += cache->p1->data[n * cache->p1->tda + h]
                       * g->dz2->data[n * g->dz2->tda + c];
            g->dW2->data[h * g->dW2->tda + c] =
                sum + 2.0 * reg * net->W2->data[h * net->W2->tda + c];
        }
        sum = 0.0;
        for (n = 0; n < N; n++)
            sum += g->dz2->data[n * g->dz2->tda + c];
        g->db2->data[c * g->db2->stride] = sum;
    }

    /* eq. 5.4 and 5.5 */
    n = 0;
    while (n < N) {
        zrow = cache->z1->data + n * cache->z1->tda;
        for (h = 0; h < H; h++) {
            sum = 0.0;
            for (c = 0; c < C; c++)
                sum += g->dz2->data[n * g->dz2->tda + c]
                       * net->W2->data[h * net->W2->tda + c];
            g->dp1->data[n * g->dp1->tda + h] = sum;
            g->dz1->data[n * g->dz1->tda + h] = (zrow[h] > 0.0) ? sum : 0.0;
        }
        n++;
    }

    /* eq. 5.6 */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            sum = 0.0;
            for (n = 0; n < N; n++)
                sum += X->data[n * X->tda + d] * g->dz1->data[n * g->dz1->tda + h];
            g->dW1->data[d * g->dW1->tda + h] =
                sum + 2.0 * reg * net->W1->data[d * net->W1->tda + h];
        }

    /* eq. 5.7: add up the rows of dz1 */
    for (h = 0; h < H; h++) {
        sum = 0.0;
        n = 0;
        while (n < N - 1) {
            sum += g->dz1->data[n * g->dz1->tda + h];
            n++;
        }
        g->db1->data[h * g->db1->stride] = sum;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
