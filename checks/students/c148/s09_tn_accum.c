/* backward.c for hw3
 *
 * matmul_tn(A, B, C, m, k, n):  C = A^T * B   (A is k x m, B is k x n)
 * matmul_nt(A, B, C, m, k, n):  C = A * B^T   (A is m x k, B is n x k)
 * so I never have to build a transposed copy.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void matmul_tn(const double *A, const double *B, double *C,
                      int m, int k, int n)
{
    /* p outermost so that A and B are both read row by row (faster) */
    for (int p = 0; p < k; p++)
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                C[i * n + j] += A[p * m + i] * B[p * n + j];
}

static void matmul_nt(const double *A, const double *B, double *C,
                      int m, int k, int n)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++)
                s += A[i * k + p] * B[j * k + p];
            C[i * n + j] = s;
        }
}

static void colsum(const double *A, double *s, int m, int n)
{
    for (int j = 0; j < n; j++) {
        s[j] = 0;
        for (int i = 0; i < m; i++)
            s[j] += A[i * n + j];
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = X->size1, D = net->D, H = net->H, C = net->C;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    double *dW1 = g->dW1->data, *dW2 = g->dW2->data;

    /* dz2 */
    for (int i = 0; i < N * C; i++)
        dz2[i] = cache->prob->data[i] / N;
    for (int i = 0; i < N; i++)
        dz2[i * C + y[i]] -= 1.0 / N;

    /* dW2 (H x C) = p1^T dz2 + 2 reg W2 */
    matmul_tn(cache->p1->data, dz2, dW2, H, N, C);
    for (int i = 0; i < H * C; i++)
        dW2[i] += 2 * reg * net->W2->data[i];
    colsum(dz2, g->db2->data, N, C);

    /* dp1 (N x H) = dz2 W2^T */
    matmul_nt(dz2, net->W2->data, dp1, N, C, H);

    /* relu */
    for (int i = 0; i < N * H; i++)
        dz1[i] = cache->z1->data[i] > 0 ? dp1[i] : 0;

    /* dW1 (D x H) = X^T dz1 + 2 reg W1 */
    matmul_tn(X->data, dz1, dW1, D, N, H);
    for (int i = 0; i < D * H; i++)
        dW1[i] += 2 * reg * net->W1->data[i];
    colsum(dz1, g->db1->data, N, H);

    g->present = BP_GRADS_ALL;
    return 0;
}
