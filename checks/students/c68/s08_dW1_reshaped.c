// backprop for the two layer network
// I work in the course layout (examples in columns) and convert at the
// borders:  X -> (n_x, m), A1/Z1 -> (n_h, m), A2 -> (n_y, m).
// W1, W2 of the net are already "transposed" for me: the course W1 is
// (n_h, n_x) = net->W1^T and W2 is (n_y, n_h) = net->W2^T.

#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *T(const gsl_matrix *a)   // np.transpose into a new matrix
{
    gsl_matrix *t = gsl_matrix_alloc(a->size2, a->size1);
    gsl_matrix_transpose_memcpy(t, a);
    return t;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t m = X->size1, n_x = net->D, n_h = net->H, n_y = net->C, i, j;
    double lambd = reg;

    gsl_matrix *Xt = T(X), *Z1 = T(cache->z1), *A1 = T(cache->p1);
    gsl_matrix *W1 = T(net->W1), *W2 = T(net->W2);
    gsl_matrix *dZ2 = T(cache->prob);                // starts as A2
    gsl_matrix *dW2 = gsl_matrix_alloc(n_y, n_h);
    gsl_matrix *dA1 = gsl_matrix_alloc(n_h, m);
    gsl_matrix *dZ1 = gsl_matrix_alloc(n_h, m);
    gsl_matrix *dW1 = gsl_matrix_alloc(n_h, n_x);
    gsl_vector *ones = gsl_vector_alloc(m);
    gsl_vector_set_all(ones, 1.0);

    // dZ2 = (A2 - Y) / m
    for (i = 0; i < m; i++)
        gsl_matrix_set(dZ2, y[i], i, gsl_matrix_get(dZ2, y[i], i) - 1.0);
    gsl_matrix_scale(dZ2, 1.0 / m);

    // dW2 = dZ2 A1^T + 2 lambd W2
    gsl_matrix_memcpy(dW2, W2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ2, A1, 2 * lambd, dW2);
    // db2 = dZ2 @ ones  (sum over examples)
    gsl_blas_dgemv(CblasNoTrans, 1.0, dZ2, ones, 0.0, g->db2);

    // dA1 = W2^T dZ2 ; dZ1 = dA1 * (Z1 > 0)
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, W2, dZ2, 0.0, dA1);
    gsl_matrix_memcpy(dZ1, dA1);
    for (i = 0; i < n_h; i++)
        for (j = 0; j < m; j++)
            if (!(gsl_matrix_get(Z1, i, j) > 0))
                gsl_matrix_set(dZ1, i, j, 0.0);

    // dW1 = dZ1 X^T + 2 lambd W1 ; db1 = dZ1 @ ones
    gsl_matrix_memcpy(dW1, W1);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ1, Xt, 2 * lambd, dW1);
    gsl_blas_dgemv(CblasNoTrans, 1.0, dZ1, ones, 0.0, g->db1);

    // back into the library layout
    gsl_matrix_transpose_memcpy(g->dz2, dZ2);
    gsl_matrix_transpose_memcpy(g->dW2, dW2);
    gsl_matrix_transpose_memcpy(g->dp1, dA1);
    gsl_matrix_transpose_memcpy(g->dz1, dZ1);
    memcpy(g->dW1->data, dW1->data, n_h * n_x * sizeof(double));  // same size

    gsl_matrix_free(Xt); gsl_matrix_free(Z1); gsl_matrix_free(A1);
    gsl_matrix_free(W1); gsl_matrix_free(W2);
    gsl_matrix_free(dZ2); gsl_matrix_free(dW2); gsl_matrix_free(dA1);
    gsl_matrix_free(dZ1); gsl_matrix_free(dW1);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
