/* backward.c -- my backprop (samples in columns inside, as in the course).
 *
 * In:  X^T (n_x, m), A1 = p1^T (n_h, m), Z1^T, A2 = prob^T (n_y, m)
 * Out: everything transposed back into g (samples in rows).
 * The L2 part (2 * lambd * W, our cost has lambd * sum W^2 without the /2m)
 * is added at the end, in the library's layout, so no W transposes there.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t m = X->size1, n_x = net->D, n_h = net->H, n_y = net->C;
    size_t i, j;
    double lambd = reg;
    gsl_matrix *XT, *Z1, *A1, *dZ2, *dA1, *dW2, *dW1;
    gsl_vector *ones;
    /* W2 the course way round: (n_y, n_h) */
    gsl_matrix_const_view W2 = gsl_matrix_const_view_array(net->W2->data, n_y, n_h);

    XT = gsl_matrix_alloc(n_x, m);
    Z1 = gsl_matrix_alloc(n_h, m);
    A1 = gsl_matrix_alloc(n_h, m);
    dZ2 = gsl_matrix_alloc(n_y, m);
    dA1 = gsl_matrix_alloc(n_h, m);
    dW2 = gsl_matrix_alloc(n_y, n_h);
    dW1 = gsl_matrix_alloc(n_h, n_x);
    ones = gsl_vector_alloc(m);
    gsl_vector_set_all(ones, 1.0);

    gsl_matrix_transpose_memcpy(XT, X);
    gsl_matrix_transpose_memcpy(Z1, cache->z1);
    gsl_matrix_transpose_memcpy(A1, cache->p1);
    gsl_matrix_transpose_memcpy(dZ2, cache->prob);

    /* dZ2 = 1/m (A2 - Y) */
    for (i = 0; i < m; i++)
        gsl_matrix_set(dZ2, y[i], i, gsl_matrix_get(dZ2, y[i], i) - 1.0);
    gsl_matrix_scale(dZ2, 1.0 / (double)m);

    /* dW2 = dZ2 A1^T,  db2 = dZ2 . 1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ2, A1, 0.0, dW2);
    gsl_blas_dgemv(CblasNoTrans, 1.0, dZ2, ones, 0.0, g->db2);

    /* dA1 = W2^T dZ2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &W2.matrix, dZ2, 0.0, dA1);
    gsl_matrix_transpose_memcpy(g->dp1, dA1);

    /* dZ1 = dA1 * g'(Z1) */
    for (i = 0; i < n_h; i++)
        for (j = 0; j < m; j++)
            if (gsl_matrix_get(Z1, i, j) <= 0)
                gsl_matrix_set(dA1, i, j, 0.0);
    gsl_matrix_transpose_memcpy(g->dz1, dA1);

    /* dW1 = dZ1 X^T,  db1 = dZ1 . 1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dA1, XT, 0.0, dW1);
    gsl_blas_dgemv(CblasNoTrans, 1.0, dA1, ones, 0.0, g->db1);

    gsl_matrix_transpose_memcpy(g->dz2, dZ2);
    gsl_matrix_transpose_memcpy(g->dW2, dW2);
    gsl_matrix_transpose_memcpy(g->dW1, dW1);

    /* + 2 lambd W, library layout (biases have no reg) */
    for (i = 0; i < n_x * n_h; i++)
        g->dW1->data[i] += 2.0 * lambd * net->W1->data[i];
    for (i = 0; i < n_h * n_y; i++)
        g->dW2->data[i] += 2.0 * lambd * net->W2->data[i];

    gsl_matrix_free(XT); gsl_matrix_free(Z1); gsl_matrix_free(A1);
    gsl_matrix_free(dZ2); gsl_matrix_free(dA1);
    gsl_matrix_free(dW2); gsl_matrix_free(dW1);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
