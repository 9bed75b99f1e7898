/* backward.c -- lab 4 submission
 *
 * BLAS for the products with a transpose, my own loops for the rest.
 * reg: loss has reg * sum W^2, derivative is reg * W per entry
 * (added in by hand after the dgemm).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || D != net->D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++) {
        double *restrict out = g->dz2->data + i * g->dz2->tda;
        const double *restrict in = cache->prob->data + i * cache->prob->tda;
        for (j = 0; j < C; j++)
            out[j] = in[j] / N;
        out[y[i]] -= 1.0 / N;
    }

    /* dW2 = p1' dz2, then the reg */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (i = 0; i < H; i++) {
        double *restrict dw = g->dW2->data + i * g->dW2->tda;
        const double *restrict w = net->W2->data + i * net->W2->tda;
        for (j = 0; j < C; j++)
            dw[j] += 2.0 * reg * w[j];
    }

    /* db2: walk down the columns */
    for (j = 0; j < C; j++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += g->dz2->data[i * g->dz2->tda + j];
        g->db2->data[j] = acc;
    }

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 and db1 together */
    for (j = 0; j < H; j++)
        g->db1->data[j] = 0.0;
    for (i = 0; i < N; i++) {
        const double *restrict z = cache->z1->data + i * cache->z1->tda;
        const double *restrict dp = g->dp1->data + i * g->dp1->tda;
        double *restrict dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
            dz[j] = z[j] > 0 ? dp[j] : 0;
            g->db1->data[j] += dz[j];
        }
    }

    /* dW1 = X' dz1, then the reg */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (i = 0; i < D; i++) {
        double *restrict dw = g->dW1->data + i * g->dW1->tda;
        const double *restrict w = net->W1->data + i * net->W1->tda;
        const double *restrict end = w + H;
        while (w < end)
            *dw++ += reg * *w++;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
