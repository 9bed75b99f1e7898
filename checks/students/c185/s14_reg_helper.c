/* backward.c -- hand-written backprop for the 2 layer net.
 *
 * Helpers work on flat row-major arrays (pointer + row length), so the
 * same code runs on the gsl matrices (row length tda) and on the pieces of
 * my work block (row length = number of columns).
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out (m x n, ldo) = A^T B, A (k x m, lda), B (k x n, ldb) */
static void at_b(const double *A, size_t lda, const double *B, size_t ldb,
                 double *out, size_t ldo, size_t k, size_t m, size_t n)
{
    size_t r, c, t;
    for (r = 0; r < m; r++)
        for (c = 0; c < n; c++) {
            double s = 0.0;
            for (t = 0; t < k; t++)
                s += A[t * lda + r] * B[t * ldb + c];
            out[r * ldo + c] = s;
        }
}

/* gradient of the penalty reg * |W|^2 added to dW */
static void add_reg(double *dW, size_t ldd, const gsl_matrix *W, double reg)
{
    size_t r, c;
    for (r = 0; r < W->size1; r++)
        for (c = 0; c < W->size2; c++)
            dW[r * ldd + c] += reg * W->data[r * W->tda + c];
}

static void col_sums(const double *A, size_t rows, size_t cols, gsl_vector *s)
{
    size_t r, c;
    gsl_vector_set_zero(s);
    for (r = 0; r < rows; r++)
        for (c = 0; c < cols; c++)
            s->data[c * s->stride] += A[r * cols + c];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;
    double *work, *dS, *dA, *dZ;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    work = calloc(N * C + 2 * N * H, sizeof *work);
    if (!work)
        return 1;
    dS = work;              /* N x C */
    dA = dS + N * C;        /* N x H */
    dZ = dA + N * H;        /* N x H */

    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            dS[i * C + j] = (gsl_matrix_get(cache->prob, i, j)
                             - (j == y[i])) / (double) N;

    at_b(cache->p1->data, cache->p1->tda, dS, C, g->dW2->data, g->dW2->tda,
         N, H, C);
    add_reg(g->dW2->data, g->dW2->tda, net->W2, reg);
    col_sums(dS, N, C, g->db2);

    /* dA = dS W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            size_t c;
            for (c = 0; c < C; c++)
                s += dS[i * C + c] * gsl_matrix_get(net->W2, j, c);
            dA[i * H + j] = s;
        }
    for (i = 0; i < N * H; i++)
        dZ[i] = gsl_matrix_get(cache->z1, i / H, i % H) > 0.0 ? dA[i] : 0.0;

    at_b(X->data, X->tda, dZ, H, g->dW1->data, g->dW1->tda, N, D, H);
    add_reg(g->dW1->data, g->dW1->tda, net->W1, reg);
    col_sums(dZ, N, H, g->db1);

    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dz2, i, j, dS[i * C + j]);
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, dA[i * H + j]);
            gsl_matrix_set(g->dz1, i, j, dZ[i * H + j]);
        }
    }
    free(work);
    g->present = BP_GRADS_ALL;
    return 0;
}
