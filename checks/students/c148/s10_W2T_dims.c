#include <stdlib.h>
#include <string.h>
#include "backprop.h"

/*
 * Backward pass for the two layer network (hw3).
 * z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, softmax loss + reg.
 *
 * helpers are at the bottom of the file.
 */

static void matmul(const double *A, const double *B, double *C, int m, int k, int n);
static void transpose(const double *A, double *At, int m, int n);
static void colsum(const double *A, double *out, int m, int n);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = X->size1, D = net->D, H = net->H, C = net->C;
    double *buf = calloc((size_t) (H * N + C * H + D * N), sizeof(double));
    double *p1t = buf;                 /* H x N */
    double *w2t = p1t + H * N;         /* C x H */
    double *xt  = w2t + C * H;         /* D x N */
    int i;

    /* dz2 = (prob - y_onehot) / N */
    memcpy(g->dz2->data, cache->prob->data, N * C * sizeof(double));
    for (i = 0; i < N; i++)
        g->dz2->data[i * C + y[i]] -= 1;
    for (i = 0; i < N * C; i++)
        g->dz2->data[i] *= 1.0 / N;

    /* dW2, db2 */
    transpose(cache->p1->data, p1t, N, H);
    matmul(p1t, g->dz2->data, g->dW2->data, H, N, C);
    for (i = 0; i < H * C; i++)
        g->dW2->data[i] += 2 * reg * net->W2->data[i];
    colsum(g->dz2->data, g->db2->data, N, C);

    /* dp1 = dz2 * W2^T, W2^T is C x H */
    transpose(net->W2->data, w2t, C, H);
    matmul(g->dz2->data, w2t, g->dp1->data, N, C, H);

    /* dz1 */
    for (i = 0; i < N * H; i++)
        g->dz1->data[i] = cache->z1->data[i] > 0 ? g->dp1->data[i] : 0;

    /* dW1, db1 */
    transpose(X->data, xt, N, D);
    matmul(xt, g->dz1->data, g->dW1->data, D, N, H);
    for (i = 0; i < D * H; i++)
        g->dW1->data[i] += 2 * reg * net->W1->data[i];
    colsum(g->dz1->data, g->db1->data, N, H);

    free(buf);
    g->present = BP_GRADS_ALL;
    return 0;
}

/* C = A B, A: m x k, B: k x n */
static void matmul(const double *A, const double *B, double *C, int m, int k, int n)
{
    int i, j, p;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            C[i * n + j] = 0;
            for (p = 0; p < k; p++)
                C[i * n + j] += A[i * k + p] * B[p * n + j];
        }
}

/* At = A^T, A: m x n */
static void transpose(const double *A, double *At, int m, int n)
{
    int i, j;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            At[j * m + i] = A[i * n + j];
}

static void colsum(const double *A, double *out, int m, int n)
{
    int i, j;
    for (j = 0; j < n; j++)
        out[j] = 0;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            out[j] += A[i * n + j];
}
