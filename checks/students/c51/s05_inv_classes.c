/* backward.c -- backward pass for the 2-layer net (lab 3).
 * Constants hoisted out of the loops; matrix products through cblas_dgemm
 * on the raw buffers (row-major, ld = tda). */

#include <string.h>
#include <gsl/gsl_cblas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dst (rows x cols) = k * src, row by row */
static void scaled_copy(double *restrict dst, size_t ldd,
                        const double *restrict src, size_t lds,
                        size_t rows, size_t cols, double k)
{
    for (size_t r = 0; r < rows; r++) {
        double *restrict d = dst + r * ldd;
        const double *restrict s = src + r * lds;
        for (size_t c = 0; c < cols; c++)
            d[c] = k * s[c];
    }
}

/* s = column sums of a (rows x cols) */
static void col_sums(const double *restrict a, size_t lda, size_t rows,
                     size_t cols, double *restrict s)
{
    memset(s, 0, cols * sizeof(double));
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++)
            s[c] += a[r * lda + c];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double inv_n = 1.0 / (double)C;
    const double two_reg = 2.0 * reg;
    double *restrict dz2 = g->dz2->data;
    double *restrict dp1 = g->dp1->data;
    double *restrict dz1 = g->dz1->data;
    const size_t l2 = g->dz2->tda, lp = g->dp1->tda, l1 = g->dz1->tda;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 = prob / N, then the label column */
    scaled_copy(dz2, l2, cache->prob->data, cache->prob->tda, N, C, inv_n);
    for (size_t i = 0; i < N; i++)
        dz2[i * l2 + y[i]] -= inv_n;

    /* dW2 = p1' dz2 + 2 reg W2 */
    scaled_copy(g->dW2->data, g->dW2->tda, net->W2->data, net->W2->tda,
                H, C, two_reg);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H, C, N, 1.0,
                cache->p1->data, cache->p1->tda, dz2, l2,
                1.0, g->dW2->data, g->dW2->tda);
    col_sums(dz2, l2, N, C, g->db2->data);

    /* dp1 = dz2 W2' */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, H, C, 1.0,
                dz2, l2, net->W2->data, net->W2->tda, 0.0, dp1, lp);

    /* dz1 */
    for (size_t i = 0; i < N; i++) {
        const double *restrict z = cache->z1->data + i * cache->z1->tda;
        for (size_t j = 0; j < H; j++)
            dz1[i * l1 + j] = z[j] > 0.0 ? dp1[i * lp + j] : 0.0;
    }

    /* dW1 = X' dz1 + 2 reg W1 */
    scaled_copy(g->dW1->data, g->dW1->tda, net->W1->data, net->W1->tda,
                D, H, two_reg);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, D, H, N, 1.0,
                X->data, X->tda, dz1, l1, 1.0, g->dW1->data, g->dW1->tda);
    col_sums(dz1, l1, N, H, g->db1->data);

    g->present = BP_GRADS_ALL;
    return 0;
}
