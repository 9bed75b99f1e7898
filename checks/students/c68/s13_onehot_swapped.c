/* backward.c -- two layer net, backprop (course layout inside: one example
 * per column; converted at the start and at the end).
 *
 * Y is built explicitly as in the notebook, (n_y, m), one 1 per column. */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

typedef struct {
    gsl_matrix *X, *Z1, *A1, *A2;     /* (n_x,m) (n_h,m) (n_h,m) (n_y,m) */
} cache_t;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *transposed(const gsl_matrix *a)
{
    gsl_matrix *t = gsl_matrix_alloc(a->size2, a->size1);
    gsl_matrix_transpose_memcpy(t, a);
    return t;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t m = X->size1, n_h = net->H, n_y = net->C, i, c;
    double lambd = reg;
    cache_t cc;
    gsl_matrix *Y, *dZ2, *dA1, *dZ1;

    cc.X = transposed(X);
    cc.Z1 = transposed(cache->z1);
    cc.A1 = transposed(cache->p1);
    cc.A2 = transposed(cache->prob);

    /* Y = one_hot(y), (n_y, m) */
    Y = gsl_matrix_alloc(n_y, m);
    for (c = 0; c < n_y; c++)
        for (i = 0; i < m; i++)
            gsl_matrix_set(Y, c, i, (y[c] == i) ? 1.0 : 0.0);

    /* dZ2 = (A2 - Y) / m */
    dZ2 = gsl_matrix_alloc(n_y, m);
    gsl_matrix_memcpy(dZ2, cc.A2);
    gsl_matrix_sub(dZ2, Y);
    gsl_matrix_scale(dZ2, 1.0 / m);
    gsl_matrix_transpose_memcpy(g->dz2, dZ2);

    /* dW2 = dZ2 A1^T + 2 lambd W2, straight into g (n_h, n_y): the
     * transpose of dZ2 A1^T is A1 dZ2^T */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, cc.A1, dZ2, 2.0 * lambd, g->dW2);

    /* db2 = sum(dZ2, axis=1) */
    for (c = 0; c < n_y; c++) {
        double s = 0.0;
        for (i = 0; i < m; i++)
            s += gsl_matrix_get(dZ2, c, i);
        gsl_vector_set(g->db2, c, s);
    }

    /* dA1 = W2^T dZ2: net->W2 is already the (n_h, n_y) one */
    dA1 = gsl_matrix_alloc(n_h, m);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, net->W2, dZ2, 0.0, dA1);
    gsl_matrix_transpose_memcpy(g->dp1, dA1);

    /* dZ1 = dA1 * (Z1 > 0) */
    dZ1 = gsl_matrix_alloc(n_h, m);
    for (c = 0; c < n_h; c++)
        for (i = 0; i < m; i++)
            gsl_matrix_set(dZ1, c, i, gsl_matrix_get(cc.Z1, c, i) > 0
                           ? gsl_matrix_get(dA1, c, i) : 0.0);
    gsl_matrix_transpose_memcpy(g->dz1, dZ1);

    /* dW1^T = X dZ1^T in (n_x, n_h) = the library's shape */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, cc.X, dZ1, 2.0 * lambd, g->dW1);

    for (c = 0; c < n_h; c++) {
        double s = 0.0;
        for (i = 0; i < m; i++)
            s += gsl_matrix_get(dZ1, c, i);
        gsl_vector_set(g->db1, c, s);
    }

    gsl_matrix_free(cc.X); gsl_matrix_free(cc.Z1);
    gsl_matrix_free(cc.A1); gsl_matrix_free(cc.A2);
    gsl_matrix_free(Y); gsl_matrix_free(dZ2);
    gsl_matrix_free(dA1); gsl_matrix_free(dZ1);
    g->present = BP_GRADS_ALL;
    return 0;
}
