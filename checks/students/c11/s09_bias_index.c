// backward.c -- cs-ml hw2 (two_layer_net in C)
// Wei Zhang
//
// layers as functions on raw arrays (row major, contiguous):
//   softmax_loss_backward, affine_backward (uses bias_backward), relu_backward
// matrix products via cblas.

#include <gsl/gsl_cblas.h>
#include "backprop.h"

// db[j] = sum over samples of dout
// dout is n x m
static void bias_backward(const double *dout, int n, int m, double *db)
{
    int i, j;
    for (j = 0; j < m; j++) {
        db[j] = 0.0;
        for (i = 0; i < n; i++)
            db[j] += dout[j * n + i];
    }
}

// x (n x k), w (k x m), dout (n x m)
static void affine_backward(const double *dout, const double *x, const double *w,
                            int n, int k, int m,
                            double *dx, double *dw, double *db)
{
    // dw = x^T dout  (k x m)
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, m, n,
                1.0, x, k, dout, m, 0.0, dw, m);
    // db
    bias_backward(dout, n, m, db);
    // dx = dout w^T  (n x k)
    if (dx)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, k, m,
                    1.0, dout, m, w, m, 0.0, dx, k);
}

static void relu_backward(const double *dout, const double *x, int len, double *dx)
{
    int i;
    for (i = 0; i < len; i++)
        dx[i] = (x[i] > 0) ? dout[i] : 0.0;
}

// dscores = (probs - onehot) / n
static void softmax_loss_backward(const double *probs, const size_t *y, int n, int c,
                                  double *dscores)
{
    int i, j;
    for (i = 0; i < n; i++)
        for (j = 0; j < c; j++)
            dscores[i * c + j] = (probs[i * c + j] - ((size_t) j == y[i] ? 1.0 : 0.0)) / n;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int i;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
        return 1;

    softmax_loss_backward(cache->prob->data, y, N, C, g->dz2->data);

    affine_backward(g->dz2->data, cache->p1->data, net->W2->data, N, H, C,
                    g->dp1->data, g->dW2->data, g->db2->data);

    relu_backward(g->dp1->data, cache->z1->data, N * H, g->dz1->data);

    affine_backward(g->dz1->data, X->data, net->W1->data, N, D, H,
                    NULL, g->dW1->data, g->db1->data);

    // regularization gradient 2*reg*W
    for (i = 0; i < H * C; i++)
        g->dW2->data[i] += 2 * reg * net->W2->data[i];
    for (i = 0; i < D * H; i++)
        g->dW1->data[i] += 2 * reg * net->W1->data[i];

    g->present = BP_GRADS_ALL;
    return 0;
}
