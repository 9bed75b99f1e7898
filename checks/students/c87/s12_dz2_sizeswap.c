/* backward.c -- my backprop for the 2-layer net
 *
 * All helpers work on the raw arrays (gsl stores matrices row by row, so
 * element (i,j) of an R x K matrix is data[i*K + j]).  Sizes are always
 * passed as (rows, cols). */

#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dz2 = (probs - onehot) / N ; probs is rows x cols = N x C */
static void grad_dz2(double *dz2, const double *probs, const size_t *y,
                     size_t rows, size_t cols)
{
    size_t i, j;
    for (i = 0; i < rows; i++) {
        for (j = 0; j < cols; j++)
            dz2[i*cols + j] = probs[i*cols + j] / rows;
        dz2[i*cols + y[i]] -= 1.0 / rows;
    }
}

/* dW = A^T dZ + 2 reg W   (A: n x k, dZ: n x m, W: k x m) */
static void grad_dW(double *dW, const double *A, const double *dZ,
                    const double *W, double reg, size_t n, size_t k, size_t m)
{
    size_t i, a, b;
    for (a = 0; a < k; a++)
        for (b = 0; b < m; b++)
            dW[a*m + b] = 2.0 * reg * W[a*m + b];
    for (i = 0; i < n; i++)
        for (a = 0; a < k; a++)
            for (b = 0; b < m; b++)
                dW[a*m + b] += A[i*k + a] * dZ[i*m + b];
}

static void grad_db(double *db, const double *dZ, size_t rows, size_t cols)
{
    size_t i, j;
    memset(db, 0, cols * sizeof(double));
    for (i = 0; i < rows; i++)
        for (j = 0; j < cols; j++)
            db[j] += dZ[i*cols + j];
}

/* dp1 = dz2 * W2^T */
static void grad_dp1(double *dp1, const double *dz2, const double *W2,
                     size_t N, size_t H, size_t C)
{
    size_t i, h, c;
    for (i = 0; i < N; i++)
        for (h = 0; h < H; h++) {
            double s = 0.0;
            for (c = 0; c < C; c++)
                s += dz2[i*C + c] * W2[h*C + c];
            dp1[i*H + h] = s;
        }
}

static void grad_dz1(double *dz1, const double *dp1, const double *z1,
                     size_t rows, size_t cols)
{
    size_t i;
    for (i = 0; i < rows * cols; i++)
        dz1[i] = z1[i] > 0 ? dp1[i] : 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    grad_dz2(g->dz2->data, cache->prob->data, y, C, N);
    grad_dW(g->dW2->data, cache->p1->data, g->dz2->data, net->W2->data, reg, N, H, C);
    grad_db(g->db2->data, g->dz2->data, N, C);
    grad_dp1(g->dp1->data, g->dz2->data, net->W2->data, N, H, C);
    grad_dz1(g->dz1->data, g->dp1->data, cache->z1->data, N, H);
    grad_dW(g->dW1->data, X->data, g->dz1->data, net->W1->data, reg, N, D, H);
    grad_db(g->db1->data, g->dz1->data, N, H);

    g->present = BP_GRADS_ALL;
    return 0;
}
