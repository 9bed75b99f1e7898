/*  HW5  backward pass, two-layer network.
 *
 *  I recompute the softmax from the scores z2 myself (eq. 2.7 with the
 *  max shift, eq. 2.8) instead of trusting cache->prob, and write the
 *  parameter gradients straight into the dtheta block, which is laid out
 *  W1 | b1 | W2 | b2  (see grads.h).
 */
#include <stdlib.h>
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define M(A, i, j)   gsl_matrix_get((A), (i), (j))
#define SETM(A, i, j, v)  gsl_matrix_set((A), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N, D, H, C;
    size_t i, j, k, d;
    double zmax, denom, w;
    double *e;              /* exp(z2 - zmax) of one row  [C] */
    double *gW1, *gb1, *gW2, *gb2;

    N = X->size1;  D = net->D;  H = net->H;  C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    e = malloc(C * sizeof(double));
    if (e == NULL)
        return 1;

    gW1 = g->dtheta->data;          /* D*H */
    gb1 = gW1 + D * H;              /* H   */
    gW2 = gb1 + H;                  /* H*C */
    gb2 = gW2 + H * C;              /* C   */

    /* clear all parameter gradients, we accumulate sample by sample */
    i = 0;
    while (i < D * H + H + H * C + C) {
        gW1[i] = 0.0;
        i++;
    }

    i = 0;
    while (i < N) {
        /* softmax of row i, eqs. 2.7 - 2.8 */
        zmax = M(cache->z2, i, 0);
        for (k = 1; k < C; k++)
            if (M(cache->z2, i, k) > zmax)
                zmax = M(cache->z2, i, k);
        denom = 0.0;
        for (k = 0; k < C; k++) {
            e[k] = exp(M(cache->z2, i, k) - zmax);
            denom += e[k];
        }
        /* eq. 3.1: dz2_ik = (p_ik - delta(k, y_i)) / N */
        for (k = 0; k < C; k++)
            SETM(g->dz2, i, k, (e[k] / denom - (k == y[i] ? 1.0 : 0.0))
                                / (double) N);

        /* eq. 3.2-3.4: outer product p1_i^T dz2_i, bias, and dp1_i */
        for (j = 0; j < H; j++) {
            w = 0.0;
            for (k = 0; k < C; k++) {
                gW2[j * C + k] += M(cache->p1, i, j) * M(g->dz2, i, k);
                w += M(g->dz2, i, k) * M(net->W2, j, k);
            }
            SETM(g->dp1, i, j, w);
            /* eq. 3.5: relu gate */
            SETM(g->dz1, i, j, M(cache->z1, i, j) > 0.0 ? w : 0.0);
            gb1[j] += M(g->dz1, i, j);
            for (d = 0; d < D; d++)
                gW1[d * H + j] += M(X, i, d) * M(g->dz1, i, j);
        }
        for (k = 0; k < C; k++)
            gb2[k] += M(g->dz2, i, k);
        i++;
    }

    /* weight decay, eq. 3.6: + 2 reg W  (no 1/2 in our loss) */
    j = 0;
    while (j < D * H) {
        gW1[j] += 2.0e0 * reg * net->W1->data[j / H * net->W1->tda + j % H];
        j++;
    }
    j = 0;
    while (j < H * C) {
        gW2[j] += 2.0e0 * reg * net->W2->data[j / C * net->W2->tda + j % C];
        j++;
    }

    free(e);
    g->present = BP_GRADS_ALL;
    return 0;
}
