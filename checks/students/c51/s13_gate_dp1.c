/* backward.c -- backward pass for the two-layer net (lab 3)
 *
 * dp1 and the ReLU in one pass (one dot product per hidden unit, the
 * gate applied as soon as the value is there).  Weight gradients with
 * cblas_dgemm, W copied in and beta = 2 reg.
 */

#include <string.h>
#include <gsl/gsl_cblas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double dot(const double *restrict a, const double *restrict b, size_t n)
{
    double s = 0.0;
    size_t k;
    for (k = 0; k < n; k++)
        s += a[k] * b[k];
    return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double inv_n = 1.0 / (double)N;
    const double two_reg = 2.0 * reg;
    const double *W2 = net->W2->data;
    const size_t ldw2 = net->W2->tda;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* 1. dz2 */
    for (i = 0; i < N; i++)
    {
        const double *p = gsl_matrix_const_ptr(cache->prob, i, 0);
        double *d = gsl_matrix_ptr(g->dz2, i, 0);
        for (k = 0; k < C; k++)
            d[k] = (p[k] - (k == y[i] ? 1.0 : 0.0)) * inv_n;
    }

    /* 2. dW2 */
    for (j = 0; j < H; j++)
        memcpy(gsl_matrix_ptr(g->dW2, j, 0), gsl_matrix_const_ptr(net->W2, j, 0),
               C * sizeof(double));
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)H, (int)C, (int)N,
                1.0, cache->p1->data, (int)cache->p1->tda,
                g->dz2->data, (int)g->dz2->tda,
                two_reg, g->dW2->data, (int)g->dW2->tda);

    /* 3. db2 */
    memset(g->db2->data, 0, C * sizeof(double));
    for (i = 0; i < N; i++)
    {
        const double *d = gsl_matrix_const_ptr(g->dz2, i, 0);
        for (k = 0; k < C; k++)
            g->db2->data[k] += d[k];
    }

    /* 4. + 5. dp1 and dz1 */
    for (i = 0; i < N; i++)
    {
        const double *d = gsl_matrix_const_ptr(g->dz2, i, 0);
        double *dp = gsl_matrix_ptr(g->dp1, i, 0);
        double *dz = gsl_matrix_ptr(g->dz1, i, 0);
        for (j = 0; j < H; j++)
        {
            const double s = dot(d, W2 + j * ldw2, C);
            dp[j] = s;
            dz[j] = s > 0.0 ? s : 0.0;
        }
    }

    /* 6. dW1 */
    for (j = 0; j < D; j++)
        memcpy(gsl_matrix_ptr(g->dW1, j, 0), gsl_matrix_const_ptr(net->W1, j, 0),
               H * sizeof(double));
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)D, (int)H, (int)N,
                1.0, X->data, (int)X->tda, g->dz1->data, (int)g->dz1->tda,
                two_reg, g->dW1->data, (int)g->dW1->tda);

    /* 7. db1 */
    memset(g->db1->data, 0, H * sizeof(double));
    for (i = 0; i < N; i++)
    {
        const double *dz = gsl_matrix_const_ptr(g->dz1, i, 0);
        for (j = 0; j < H; j++)
            g->db1->data[j] += dz[j];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
