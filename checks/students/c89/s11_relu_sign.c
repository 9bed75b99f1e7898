/* lab4/backward.c
 *
 * dp1 and dW1 by dgemm on gsl views, everything else raw.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t H = net->H;
    const size_t C = net->C;
    size_t n, h, c;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    double *restrict gb2 = g->db2->data;
    double *restrict gb1 = g->db1->data;

    /* -------- dz2, dW2, db2 in one sweep -------- */
    for (h = 0; h < H; h++) {
        double *restrict dw = g->dW2->data + h * g->dW2->tda;
        const double *restrict w = net->W2->data + h * net->W2->tda;
        for (c = 0; c < C; c++)
            dw[c] = 2.0 * reg * w[c];
    }
    for (c = 0; c < C; c++)
        gb2[c] = 0.0;

    for (n = 0; n < N; n++) {
        const double *restrict prob = cache->prob->data + n * cache->prob->tda;
        const double *restrict act = cache->p1->data + n * cache->p1->tda;
        double *restrict dsc = g->dz2->data + n * g->dz2->tda;

        for (c = 0; c < C; c++)
            dsc[c] = prob[c] / (double)N;
        dsc[y[n]] -= 1.0 / (double)N;

        for (c = 0; c < C; c++)
            gb2[c] += dsc[c];
        for (h = 0; h < H; h++) {
            double *restrict dw = g->dW2->data + h * g->dW2->tda;
            for (c = 0; c < C; c++)
                dw[c] += act[h] * dsc[c];
        }
    }

    /* -------- dp1 = dz2 W2^T -------- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* -------- relu gate + db1 -------- */
    for (h = 0; h < H; h++)
        gb1[h] = 0.0;
    for (n = 0; n < N; n++) {
        const double *restrict up = g->dp1->data + n * g->dp1->tda;
        double *restrict dn = g->dz1->data + n * g->dz1->tda;
        for (h = 0; h < H; h++) {
            dn[h] = up[h] > 0.0 ? up[h] : 0.0;   /* relu passes positives */
            gb1[h] += dn[h];
        }
    }

    /* -------- dW1 = X^T dz1 + 2 reg W1 -------- */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
