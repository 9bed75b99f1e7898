/* backward.c -- my own small linear algebra helpers on plain double
 * arrays (row-major, with a row stride), so the backward pass reads like
 * the math.  Written for hw2, reused here. */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out (m x n) = A^T (k x m)^T * B (k x n) + beta * out */
static void matmul_tn(const double *A, size_t lda, const double *B, size_t ldb,
                      double *out, size_t ldo, size_t k, size_t m, size_t n,
                      double beta)
{
    size_t i, j, r;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            double s = 0.0;
            for (r = 0; r < k; r++)
                s += A[r * lda + i] * B[r * ldb + j];
            out[i * ldo + j] = s + beta * out[i * ldo + j];
        }
}

/* out (m x n) = A (m x k) * B (n x k)^T */
static void matmul_nt(const double *A, size_t lda, const double *B, size_t ldb,
                      double *out, size_t ldo, size_t m, size_t k, size_t n)
{
    size_t i, j, r;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            double s = 0.0;
            for (r = 0; r < k; r++)
                s += A[i * lda + r] * B[j * ldb + r];
            out[i * ldo + j] = s;
        }
}

/* out[j] = sum over rows of column j */
static void colsum(const double *A, size_t lda, size_t rows, size_t cols,
                   double *out, size_t stride)
{
    size_t i, j;
    double s = 0.0;
    for (j = 0; j < cols; j++) {
        for (i = 0; i < rows; i++)
            s += A[i * lda + j];
        out[j * stride] = s;
    }
}

/* out = 2 reg W, copied elementwise (out is the grad of the reg term) */
static void reg_grad(const double *W, size_t ldw, double *out, size_t ldo,
                     size_t m, size_t n, double reg)
{
    size_t i, j;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            out[i * ldo + j] = 2.0 * reg * W[i * ldw + j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* layer 2 */
    reg_grad(net->W2->data, net->W2->tda, g->dW2->data, g->dW2->tda, H, C, reg);
    matmul_tn(cache->p1->data, cache->p1->tda, g->dz2->data, g->dz2->tda,
              g->dW2->data, g->dW2->tda, N, H, C, 1.0);
    colsum(g->dz2->data, g->dz2->tda, N, C, g->db2->data, g->db2->stride);
    matmul_nt(g->dz2->data, g->dz2->tda, net->W2->data, net->W2->tda,
              g->dp1->data, g->dp1->tda, N, C, H);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            g->dz1->data[i * g->dz1->tda + j] =
                cache->z1->data[i * cache->z1->tda + j] > 0.0
                ? g->dp1->data[i * g->dp1->tda + j] : 0.0;

    /* layer 1 */
    reg_grad(net->W1->data, net->W1->tda, g->dW1->data, g->dW1->tda, D, H, reg);
    matmul_tn(X->data, X->tda, g->dz1->data, g->dz1->tda,
              g->dW1->data, g->dW1->tda, N, D, H, 1.0);
    colsum(g->dz1->data, g->dz1->tda, N, H, g->db1->data, g->db1->stride);

    g->present = BP_GRADS_ALL;
    return 0;
}
