/* backward.c  --  homework 3
 *
 * Row-major everywhere: element (i,j) of an r x c array is a[i*c + j].
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

#define IDX(i, j, cols) ((i) * (cols) + (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out(m,n) = a(m,k) * b(k,n) */
static void matmul(const double *a, const double *b, double *out,
                   size_t m, size_t k, size_t n)
{
    size_t i, j, l;
    for (i = 0; i < m; i++) {
        for (j = 0; j < n; j++) {
            double acc = 0.0;
            for (l = 0; l < k; l++)
                acc += a[IDX(i, l, k)] * b[IDX(l, j, n)];
            out[IDX(i, j, n)] = acc;
        }
    }
}

/* out(n,m) = a(m,n)^T */
static void transpose(const double *a, double *out, size_t m, size_t n)
{
    size_t i, j;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            out[IDX(j, i, m)] = a[IDX(i, j, n)];
}

static void colsum(const double *a, double *out, size_t m, size_t n)
{
    size_t i, j;
    memset(out, 0, n * sizeof *out);
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            out[j] += a[IDX(i, j, n)];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C, i;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    double *tmp = malloc(sizeof(double) * (H > D ? H : D) * (N > C ? N : C));

    /* softmax */
    memcpy(dz2, cache->prob->data, N * C * sizeof(double));
    for (i = 0; i < N; i++)
        dz2[IDX(i, y[i], C)] -= 1.0;
    for (i = 0; i < N * C; i++)
        dz2[i] /= (double) N;

    /* fc2 */
    transpose(cache->p1->data, tmp, N, H);
    matmul(tmp, dz2, g->dW2->data, H, N, C);
    for (i = 0; i < H * C; i++)
        g->dW2->data[i] += 2.0 * reg * net->W2->data[i];
    colsum(dz2, g->db2->data, N, C);

    transpose(net->W2->data, tmp, H, C);
    matmul(dz2, tmp, dp1, N, C, H);

    /* relu: derivative is 1 where positive, 0 otherwise */
    for (i = 0; i < N * H; i++)
        dz1[i] = dp1[i] > 0 ? dp1[i] : 0.0;

    /* fc1 */
    transpose(X->data, tmp, N, D);
    matmul(tmp, dz1, g->dW1->data, D, N, H);
    for (i = 0; i < D * H; i++)
        g->dW1->data[i] += 2.0 * reg * net->W1->data[i];
    colsum(dz1, g->db1->data, N, H);

    free(tmp);
    g->present = BP_GRADS_ALL;
    return 0;
}
