/* backward.c -- lab 4
 *
 * Every matrix walked with a running pointer that steps one row (tda)
 * per sample, like in the memory lecture.  No index arithmetic in the
 * inner loops.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    const double inv = 1.0 / (double)N;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 and db2 */
    {
        const double *pr = cache->prob->data;
        double *d = g->dz2->data;
        double *b = g->db2->data;

        for (j = 0; j < C; j++)
            b[j] = 0.0;
        for (i = 0; i < N; i++, pr += cache->prob->tda, d += g->dz2->tda) {
            for (j = 0; j < C; j++)
                d[j] = pr[j] * inv;
            d[y[i]] -= inv;
            for (j = 0; j < C; j++)
                b[j] += d[j];
        }
    }

    /* dW2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 and db1 */
    {
        const double *z = cache->z1->data;
        const double *dp = g->dp1->data;
        double *dz = g->dz1->data;
        double *b = g->db1->data;

        for (j = 0; j < H; j++)
            b[j] = 0.0;
        for (i = 0; i < N; i++, dp += g->dp1->tda, dz += g->dz1->tda) {
            for (j = 0; j < H; j++) {
                dz[j] = z[j] > 0.0 ? dp[j] : 0.0;
                b[j] += dz[j];
            }
        }
    }

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
