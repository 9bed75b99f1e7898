// backward.c  --  Tomasz K., assignment 3
//
// layer-by-layer backward with cblas (faster than gsl_blas_* wrappers and
// I wanted to learn the real BLAS interface).  Every helper takes raw
// pointers + dims + leading dimension (= tda for gsl matrices).
//
// Trick: I do the whole backward pass with the UNSCALED dscores
// (probs - onehot) and divide everything by N once at the end, before the
// L2 terms go in.  Everything is linear in dscores so that is the same.

#include <string.h>
#include <gsl/gsl_cblas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static void loss_backward(const double *probs, size_t ldp, const size_t *y,
                          size_t n, size_t c, double *dscores, size_t ldd);
static void affine_backward(const double *dout, size_t ldo,
                            const double *x, size_t ldx,
                            const double *w, size_t ldw,
                            size_t n, size_t k, size_t m,
                            double *dx, size_t lddx,
                            double *dw, size_t lddw, double *db);
static void relu_backward(const double *dout, size_t ldo,
                          const double *x, size_t ldx,
                          size_t n, size_t m, double *dx, size_t lddx);
static void scale_mat(gsl_matrix *a, double s);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double invN = 1.0 / (double)N;
    size_t i, j;

    if (cache->N != N || g->N != N)
        return 1;

    // dscores, unscaled
    loss_backward(cache->prob->data, cache->prob->tda, y, N, C,
                  g->dz2->data, g->dz2->tda);

    // layer 2: out = p1 W2 + b2
    affine_backward(g->dz2->data, g->dz2->tda,
                    cache->p1->data, cache->p1->tda,
                    net->W2->data, net->W2->tda,
                    N, H, C,
                    g->dp1->data, g->dp1->tda,
                    g->dW2->data, g->dW2->tda, g->db2->data);

    // relu
    relu_backward(g->dp1->data, g->dp1->tda, cache->z1->data, cache->z1->tda,
                  N, H, g->dz1->data, g->dz1->tda);

    // layer 1: out = X W1 + b1  (dx not needed)
    affine_backward(g->dz1->data, g->dz1->tda,
                    X->data, X->tda,
                    net->W1->data, net->W1->tda,
                    N, D, H,
                    NULL, 0,
                    g->dW1->data, g->dW1->tda, g->db1->data);

    // now the 1/N for everything
    scale_mat(g->dz2, invN);
    scale_mat(g->dW2, invN);
    scale_mat(g->dp1, invN);
    scale_mat(g->dz1, invN);
    scale_mat(g->dW1, invN);
    for (j = 0; j < C; j++)
        g->db2->data[j * g->db2->stride] *= invN;
    for (j = 0; j < H; j++)
        g->db1->data[j * g->db1->stride] *= invN;

    // L2: d/dW reg*sum(W^2) = 2 reg W   (not scaled by 1/N!)
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            g->dW2->data[i * g->dW2->tda + j] += 2.0 * reg * net->W2->data[i * net->W2->tda + j];
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            g->dW1->data[i * g->dW1->tda + j] += 2.0 * reg * net->W1->data[i * net->W1->tda + j];

    g->present = BP_GRADS_ALL;
    return 0;
}

// dscores = probs - onehot(y)   (NOT divided by n, see top)
static void loss_backward(const double *probs, size_t ldp, const size_t *y,
                          size_t n, size_t c, double *dscores, size_t ldd)
{
    size_t i;
    for (i = 0; i < n; i++) {
        memcpy(dscores + i * ldd, probs + i * ldp, c * sizeof(double));
        dscores[i * ldd + y[i]] -= 1.0;
    }
}

// x (n,k), w (k,m), dout (n,m)
// dx = dout w^T (n,k),  dw = x^T dout (k,m),  db = column sums of dout (m)
static void affine_backward(const double *dout, size_t ldo,
                            const double *x, size_t ldx,
                            const double *w, size_t ldw,
                            size_t n, size_t k, size_t m,
                            double *dx, size_t lddx,
                            double *dw, size_t lddw, double *db)
{
    size_t i, j;

    if (dx)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                    (int)n, (int)k, (int)m, 1.0, dout, (int)ldo, w, (int)ldw,
                    0.0, dx, (int)lddx);

    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans,
                (int)k, (int)m, (int)n, 1.0, x, (int)ldx, dout, (int)ldo,
                0.0, dw, (int)lddw);

    // db is a view into dtheta with stride 1 (checked: g->db2->stride == 1)
    for (j = 0; j < m; j++)
        db[j] = 0.0;
    for (i = 0; i < n; i++)
        for (j = 0; j < m; j++)
            db[j] += dout[i * ldo + j];
}

static void relu_backward(const double *dout, size_t ldo,
                          const double *x, size_t ldx,
                          size_t n, size_t m, double *dx, size_t lddx)
{
    size_t i, j;
    for (i = 0; i < n; i++)
        for (j = 0; j < m; j++)
            dx[i * lddx + j] = (x[i * ldx + j] > 0.0) ? dout[i * ldo + j] : 0.0;
}

static void scale_mat(gsl_matrix *a, double s)
{
    size_t i, j;
    for (i = 0; i < a->size1; i++)
        for (j = 0; j < a->size2; j++)
            a->data[i * a->tda + j] *= s;
}
