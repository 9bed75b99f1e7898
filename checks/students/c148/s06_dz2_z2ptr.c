/* Assignment 3 - backward pass
 * Student: two layer net, softmax loss, L2 reg on W1 and W2.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = a * b, a is (m,k) b is (k,n) */
static void matmul(const double *a, const double *b, double *out, int m, int k, int n)
{
    int i, j, t;
    for (i = 0; i < m; i++)
    {
        for (j = 0; j < n; j++)
        {
            double sum = 0;
            for (t = 0; t < k; t++)
                sum += a[i * k + t] * b[t * n + j];
            out[i * n + j] = sum;
        }
    }
}

/* out = a^T, a is (m,n) */
static void transpose(const double *a, double *out, int m, int n)
{
    int i, j;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            out[j * m + i] = a[i * n + j];
}

static void sum_cols(const double *a, double *out, int m, int n)
{
    int i, j;
    memset(out, 0, n * sizeof(double));
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            out[j] += a[i * n + j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = X->size1, D = net->D, H = net->H, C = net->C;
    int i;
    double *dscores = g->dz2->data;
    double *hT  = malloc(sizeof(double) * H * N);
    double *W2T = malloc(sizeof(double) * C * H);
    double *XT  = malloc(sizeof(double) * D * N);

    /* start from the scores, subtract 1 at the right class, average */
    memcpy(dscores, cache->z2->data, sizeof(double) * N * C);
    for (i = 0; i < N; i++)
        dscores[i * C + y[i]] -= 1.0;
    for (i = 0; i < N * C; i++)
        dscores[i] /= N;

    /* W2 and b2 */
    transpose(cache->p1->data, hT, N, H);
    matmul(hT, dscores, g->dW2->data, H, N, C);
    for (i = 0; i < H * C; i++)
        g->dW2->data[i] += 2 * reg * net->W2->data[i];
    sum_cols(dscores, g->db2->data, N, C);

    /* hidden */
    transpose(net->W2->data, W2T, H, C);
    matmul(dscores, W2T, g->dp1->data, N, C, H);
    for (i = 0; i < N * H; i++)
        g->dz1->data[i] = (cache->z1->data[i] > 0) ? g->dp1->data[i] : 0;

    /* W1 and b1 */
    transpose(X->data, XT, N, D);
    matmul(XT, g->dz1->data, g->dW1->data, D, N, H);
    for (i = 0; i < D * H; i++)
        g->dW1->data[i] += 2 * reg * net->W1->data[i];
    sum_cols(g->dz1->data, g->db1->data, N, H);

    free(hT);
    free(W2T);
    free(XT);
    g->present = BP_GRADS_ALL;
    return 0;
}
