// hw3 backward -- matrix products with gsl_blas_dgemm, the rest by hand
// on the raw arrays (colsum helper + loops).

#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// sums the rows of a (rows x cols) array into out (cols)
static void colsum(const double *a, double *out, int rows, int cols)
{
    int r, c;
    for (c = 0; c < cols; c++)
        out[c] = 0;
    for (r = 0; r < rows; r++)
        for (c = 0; c < cols; c++)
            out[c] += a[r * cols + c];
}

// dst += alpha * src, n entries
static void axpy(double *dst, const double *src, double alpha, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] += alpha * src[i];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const int N = X->size1, D = net->D, H = net->H, C = net->C;

    // dL/dscores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (int i = 0; i < N; i++)
        g->dz2->data[i * C + y[i]] -= 1;
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2 = h^T dscores (+ reg)
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    axpy(g->dW2->data, net->W2->data, 2 * reg, H * C);
    colsum(g->dz2->data, g->db2->data, N, C);

    // dh = dscores W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu: copy dh, then kill the entries where the unit was off
    memcpy(g->dz1->data, g->dp1->data, sizeof(double) * N * H);
    for (int i = 0; i < N * H; i++)
        if (cache->z1->data[i] <= 0)
            g->dz1->data[i] = 0;

    // dW1 = X^T dz1 (+ reg)
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    axpy(g->dW1->data, net->W1->data, 2 * reg, D * H);
    colsum(g->dz1->data, g->db1->data, N, H);

    g->present = BP_GRADS_ALL;
    return 0;
}
