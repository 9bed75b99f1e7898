/* backward.c -- Lab 6: backprop by hand
 *
 * I wrote three little kernels (A^T B, A B^T, column sums) that take raw
 * pointers + leading dimensions, like BLAS does, and the backward pass is
 * just calls to them.  dz2 is built in a local 2-D VLA first and copied
 * over at the end of step 1 (helps me print it while debugging).
 */

#include <stddef.h>
#include <string.h>
#include "backprop.h"

/* C (m x n) = A^T B,  A is (k x m) with lda, B is (k x n) with ldb */
static void mm_tn(const double *A, size_t lda, const double *B, size_t ldb,
                  double *Cm, size_t ldc, size_t k, size_t m, size_t n)
{
    for (size_t r = 0; r < m; r++) {
        double *crow = Cm + r * ldc;
        memset(crow, 0, n * sizeof(double));
        for (size_t t = 0; t < k; t++) {
            double a = A[t * lda + r];
            const double *brow = B + t * ldb;
            for (size_t c = 0; c < n; c++)
                crow[c] += a * brow[c];
        }
    }
}

/* C (m x n) = A B^T,  A is (m x k), B is (n x k) */
static void mm_nt(const double *A, size_t lda, const double *B, size_t ldb,
                  double *Cm, size_t ldc, size_t m, size_t n, size_t k)
{
    for (size_t r = 0; r < m; r++)
        for (size_t c = 0; c < n; c++) {
            double s = 0.0;
            for (size_t t = 0; t < k; t++)
                s += A[r * lda + t] * B[c * ldb + t];
            Cm[r * ldc + c] = s;
        }
}

/* out[j] = sum_i A[i][j], A is (m x n) */
static void colsums(const double *A, size_t lda, size_t m, size_t n,
                    double *out, size_t stride)
{
    for (size_t j = 0; j < n; j++) {
        double s = 0.0;
        for (size_t i = 0; i < m; i++)
            s += A[i * lda + j];
        out[j * stride] = s;
    }
}

/* W += f * Wsrc, both (m x n) */
static void axpy_mat(double f, const double *src, size_t lds,
                     double *dst, size_t ldd, size_t m, size_t n)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            dst[i * ldd + j] += f * src[i * lds + j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* 1. dz2 = (prob - onehot) / N, built in delta[][] first */
    double delta[N][C];
    for (size_t i = 0; i < N; i++) {
        const double *pr = cache->prob->data + i * cache->prob->tda;
        for (size_t j = 0; j < C; j++)
            delta[i][j] = pr[j];
        delta[i][y[i]] -= 1.0;
        for (size_t j = 0; j < C; j++)
            delta[i][j] /= (double) N;
    }
    for (size_t i = 0; i < N; i++)
        memcpy(g->dz2->data + i * g->dz2->tda, delta[i], sizeof delta[i]);

    /* 2. dW2 = p1^T dz2 + 2 reg W2     (p1 is N x H, dz2 N x C) */
    mm_tn(cache->p1->data, cache->p1->tda, &delta[0][0], C,
          g->dW2->data, g->dW2->tda, N, H, C);
    axpy_mat(2.0 * reg, net->W2->data, net->W2->tda,
             g->dW2->data, g->dW2->tda, H, C);

    /* 3. db2 */
    colsums(&delta[0][0], C, N, C, g->db2->data, g->db2->stride);

    /* 4. dp1 = dz2 W2^T   (N x C)(C x H) -> N x H; W2 is H x C so "B" = W2 */
    mm_nt(&delta[0][0], C, net->W2->data, net->W2->tda,
          g->dp1->data, g->dp1->tda, N, H, C);

    /* 5. dz1 = dp1 * [z1 > 0] */
    for (size_t i = 0; i < N; i++) {
        const double *zr = cache->z1->data + i * cache->z1->tda;
        const double *dpr = g->dp1->data + i * g->dp1->tda;
        double *dzr = g->dz1->data + i * g->dz1->tda;
        for (size_t h = 0; h < H; h++)
            dzr[h] = (zr[h] > 0.0) ? dpr[h] : 0.0;
    }

    /* 6. dW1 = X^T dz1 + 2 reg W1   (X is N x D, dz1 N x H) */
    mm_tn(X->data, X->tda, g->dz1->data, g->dz1->tda,
          g->dW1->data, g->dW1->tda, N, D, H);
    axpy_mat(2.0 * reg, net->W1->data, net->W1->tda,
             g->dW1->data, g->dW1->tda, D, H);

    /* 7. db1 */
    colsums(g->dz1->data, g->dz1->tda, N, H, g->db1->data, g->db1->stride);

    g->present = BP_GRADS_ALL;
    return 0;
}
