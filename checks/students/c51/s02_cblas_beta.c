/* backward.c -- two-layer net, backward pass with CBLAS called directly.
 * Row-major everywhere, leading dimensions from tda.  The penalty rides on
 * dgemm's beta: the weight gradient is first a copy of the weights, then
 * dgemm does dW = 1.0 * A'B + (2 reg) * dW.  Bias sums are dgemv with a
 * vector of ones (A' 1). */

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cblas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void copy_rows(double *dst, size_t ldd, const double *src, size_t lds,
                      size_t rows, size_t cols)
{
    size_t r;
    for (r = 0; r < rows; r++)
        memcpy(dst + r * ldd, src + r * lds, cols * sizeof(double));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double inv_n = 1.0 / (double)N, two_reg = 2.0 * reg;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    const size_t ld_dz2 = g->dz2->tda, ld_dp1 = g->dp1->tda, ld_dz1 = g->dz1->tda;
    double *ones;
    size_t i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    ones = malloc(N * sizeof *ones);
    if (!ones)
        return 1;
    for (i = 0; i < N; i++)
        ones[i] = 1.0;

    /* dz2 = (prob - onehot) / N */
    copy_rows(dz2, ld_dz2, cache->prob->data, cache->prob->tda, N, C);
    for (i = 0; i < N; i++) {
        double *r = dz2 + i * ld_dz2;
        for (j = 0; j < C; j++)
            r[j] *= inv_n;
        r[y[i]] -= inv_n;
    }

    /* dW2 = p1' dz2 + 2 reg W2 */
    copy_rows(g->dW2->data, g->dW2->tda, net->W2->data, net->W2->tda, H, C);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)H, (int)C, (int)N,
                1.0, cache->p1->data, (int)cache->p1->tda, dz2, (int)ld_dz2,
                two_reg, g->dW2->data, (int)g->dW2->tda);

    /* db2 = dz2' 1 */
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)N, (int)C, 1.0, dz2, (int)ld_dz2,
                ones, 1, 0.0, g->db2->data, (int)g->db2->stride);

    /* dp1 = dz2 W2' */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)N, (int)H, (int)C,
                1.0, dz2, (int)ld_dz2, net->W2->data, (int)net->W2->tda,
                0.0, dp1, (int)ld_dp1);

    /* dz1 = dp1 where z1 > 0 */
    for (i = 0; i < N; i++) {
        const double *restrict z = cache->z1->data + i * cache->z1->tda;
        const double *restrict p = dp1 + i * ld_dp1;
        double *restrict o = dz1 + i * ld_dz1;
        for (j = 0; j < H; j++)
            o[j] = z[j] > 0.0 ? p[j] : 0.0;
    }

    /* dW1 = X' dz1 + 2 reg W1 */
    copy_rows(g->dW1->data, g->dW1->tda, net->W1->data, net->W1->tda, D, H);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)D, (int)H, (int)N,
                1.0, X->data, (int)X->tda, dz1, (int)ld_dz1,
                two_reg, g->dW1->data, (int)g->dW1->tda);

    /* db1 = dz1' 1 */
    cblas_dgemv(CblasRowMajor, CblasTrans, (int)N, (int)H, 1.0, dz1, (int)ld_dz1,
                ones, 1, 0.0, g->db1->data, (int)g->db1->stride);

    free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
