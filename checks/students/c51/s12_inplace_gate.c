/* backward.c    lab 3: backprop through the two-layer net
 *
 * Products with gsl_blas_dgemm.  dp1 first, then the ReLU gate applied
 * in place and the result copied into dz1 with one memcpy per row
 * (cheaper than a second loop).
 */

#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double inv_n = 1.0 / (double)N;
    double two_reg = 2.0 * reg;
    size_t i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++) {
        double *d = gsl_matrix_ptr(g->dz2, i, 0);
        const double *p = gsl_matrix_const_ptr(cache->prob, i, 0);
        for (j = 0; j < C; j++)
            d[j] = p[j] * inv_n;
        d[y[i]] -= inv_n;
    }

    /* dW2 = p1' dz2, then + 2 reg W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   0.0, g->dW2);
    for (i = 0; i < H; i++) {
        double *dw = gsl_matrix_ptr(g->dW2, i, 0);
        const double *w = gsl_matrix_const_ptr(net->W2, i, 0);
        for (j = 0; j < C; j++)
            dw[j] += two_reg * w[j];
    }

    /* db2 */
    memset(g->db2->data, 0, C * sizeof(double));
    for (i = 0; i < N; i++) {
        const double *d = gsl_matrix_const_ptr(g->dz2, i, 0);
        for (j = 0; j < C; j++)
            g->db2->data[j] += d[j];
    }

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                   0.0, g->dp1);

    /* relu gate, then dz1 = gated dp1 */
    for (i = 0; i < N; i++) {
        double *dp = gsl_matrix_ptr(g->dp1, i, 0);
        const double *z = gsl_matrix_const_ptr(cache->z1, i, 0);
        for (j = 0; j < H; j++)
            if (z[j] <= 0.0)
                dp[j] = 0.0;
        memcpy(gsl_matrix_ptr(g->dz1, i, 0), dp, H * sizeof(double));
    }

    /* dW1 = X' dz1, then + 2 reg W1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   0.0, g->dW1);
    for (i = 0; i < D; i++) {
        double *dw = gsl_matrix_ptr(g->dW1, i, 0);
        const double *w = gsl_matrix_const_ptr(net->W1, i, 0);
        for (j = 0; j < H; j++)
            dw[j] += two_reg * w[j];
    }

    /* db1 */
    memset(g->db1->data, 0, H * sizeof(double));
    for (i = 0; i < N; i++) {
        const double *d = gsl_matrix_const_ptr(g->dz1, i, 0);
        for (j = 0; j < H; j++)
            g->db1->data[j] += d[j];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
