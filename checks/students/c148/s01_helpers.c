/* backward.c -- assignment 3, backward pass of the two layer net
 *
 * I wrote three small helpers on plain double arrays (matmul, transpose,
 * colsum) because the gsl calls are too long to read.  All the gsl
 * matrices we get are contiguous (tda == size2), so ->data is the whole
 * matrix row by row.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A*B  with A (m x k), B (k x n), C (m x n) */
static void matmul(const double *A, const double *B, double *C, int m, int k, int n)
{
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            for (int p = 0; p < k; p++)
                s += A[i*k + p] * B[p*n + j];
            C[i*n + j] = s;
        }
    }
}

/* AT = A^T,  A is (rows x cols), AT is (cols x rows) */
static void transpose(const double *A, double *AT, int rows, int cols)
{
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            AT[j*rows + i] = A[i*cols + j];
}

/* out[j] = sum over rows of A[i][j] */
static void colsum(const double *A, double *out, int rows, int cols)
{
    for (int j = 0; j < cols; j++) {
        out[j] = 0.0;
        for (int i = 0; i < rows; i++)
            out[j] += A[i*cols + j];
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;

    /* dz2 = (probs - onehot(y)) / N */
    memcpy(dz2, cache->prob->data, sizeof(double) * N * C);
    for (int i = 0; i < N; i++)
        dz2[i*C + y[i]] -= 1.0;
    for (int i = 0; i < N*C; i++)
        dz2[i] /= N;

    /* second layer: dW2 = p1^T dz2 + 2 reg W2, db2 = colsum(dz2) */
    double *p1T = malloc(sizeof(double) * H * N);
    transpose(cache->p1->data, p1T, N, H);
    matmul(p1T, dz2, g->dW2->data, H, N, C);
    for (int i = 0; i < H*C; i++)
        g->dW2->data[i] += 2.0 * reg * net->W2->data[i];
    colsum(dz2, g->db2->data, N, C);

    /* dp1 = dz2 W2^T */
    double *W2T = malloc(sizeof(double) * C * H);
    transpose(net->W2->data, W2T, H, C);
    matmul(dz2, W2T, dp1, N, C, H);

    /* relu: pass the gradient only where z1 > 0 */
    for (int i = 0; i < N*H; i++)
        dz1[i] = cache->z1->data[i] > 0 ? dp1[i] : 0.0;

    /* first layer */
    double *XT = malloc(sizeof(double) * D * N);
    transpose(X->data, XT, N, D);
    matmul(XT, dz1, g->dW1->data, D, N, H);
    for (int i = 0; i < D*H; i++)
        g->dW1->data[i] += 2.0 * reg * net->W1->data[i];
    colsum(dz1, g->db1->data, N, H);

    free(p1T);
    free(W2T);
    free(XT);

    g->present = BP_GRADS_ALL;
    return 0;
}
