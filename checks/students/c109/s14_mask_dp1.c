/* backward.c  (hw 2, question 4)
 *
 * I copy the pointers out first, then every matrix is a plain array with
 * its row length as stride:  a[i*ld + j].
 */
#include "backprop.h"

#define GET(p, ld, i, j) ((p)[(i) * (ld) + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t ldx = X->tda, ldh = g->dp1->tda, ldc = g->dz2->tda;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    size_t i, j, k;

    if (N == 0 || cache->N != N)
        return 1;

    /* dscores */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double t = GET(cache->prob->data, ldc, i, k);
            if (k == y[i])
                t -= 1.0;
            GET(dz2, ldc, i, k) = t / (double) N;
        }

    /* W2, b2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double t = 0.0;
            for (i = 0; i < N; i++)
                t += GET(cache->p1->data, ldh, i, j) * GET(dz2, ldc, i, k);
            GET(g->dW2->data, C, j, k) = t + 2.0 * reg * GET(net->W2->data, C, j, k);
        }
    for (k = 0; k < C; k++) {
        g->db2->data[k] = 0.0;
        for (i = 0; i < N; i++)
            g->db2->data[k] += GET(dz2, ldc, i, k);
    }

    /* back into the hidden layer */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double t = 0.0;
            for (k = 0; k < C; k++)
                t += GET(dz2, ldc, i, k) * GET(net->W2->data, C, j, k);
            GET(dp1, ldh, i, j) = t;
        }

    /* relu backward: let the positive gradient through */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            GET(dz1, ldh, i, j) = GET(dp1, ldh, i, j) > 0.0 ? GET(dp1, ldh, i, j) : 0.0;

    /* W1, b1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double t = 0.0;
            for (i = 0; i < N; i++)
                t += GET(X->data, ldx, i, k) * GET(dz1, ldh, i, j);
            GET(g->dW1->data, H, k, j) = t + 2.0 * reg * GET(net->W1->data, H, k, j);
        }
    for (j = 0; j < H; j++) {
        g->db1->data[j] = 0.0;
        for (i = 0; i < N; i++)
            g->db1->data[j] += GET(dz1, ldh, i, j);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
