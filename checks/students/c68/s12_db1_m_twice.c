/* Backprop, course notation.  Examples are columns in my head, rows in the
 * library, so everything is transposed in at the top and out at the end.
 *   dZ2 = 1/m (A2 - Y)
 *   dW2 = dZ2 A1^T + 2 lambd W2       db2 = 1/m sum(dZ2, axis=1)
 *   dA1 = W2^T dZ2                    dZ1 = dA1 * (Z1 > 0)
 *   dW1 = dZ1 X^T + 2 lambd W1        db1 = 1/m sum(dZ1, axis=1)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

#define TRANSPOSED(dst, src) gsl_matrix_transpose_memcpy((dst), (src))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t m = X->size1, n_x = net->D, n_h = net->H, n_y = net->C;
    const double lambd = reg;
    size_t r, c;
    double acc;

    gsl_matrix *Xc  = gsl_matrix_alloc(n_x, m);
    gsl_matrix *Z1  = gsl_matrix_alloc(n_h, m);
    gsl_matrix *A1  = gsl_matrix_alloc(n_h, m);
    gsl_matrix *W2  = gsl_matrix_alloc(n_y, n_h);
    gsl_matrix *dZ2 = gsl_matrix_alloc(n_y, m);
    gsl_matrix *dW2 = gsl_matrix_alloc(n_y, n_h);
    gsl_matrix *dA1 = gsl_matrix_alloc(n_h, m);
    gsl_matrix *dZ1 = gsl_matrix_alloc(n_h, m);
    gsl_matrix *dW1 = gsl_matrix_alloc(n_h, n_x);

    TRANSPOSED(Xc, X);
    TRANSPOSED(Z1, cache->z1);
    TRANSPOSED(A1, cache->p1);
    TRANSPOSED(W2, net->W2);
    TRANSPOSED(dZ2, cache->prob);
    TRANSPOSED(dW1, net->W1);               /* dW1 starts as W1 for the reg */

    for (c = 0; c < m; c++)
        gsl_matrix_set(dZ2, y[c], c, gsl_matrix_get(dZ2, y[c], c) - 1.0);
    gsl_matrix_scale(dZ2, 1.0 / m);

    gsl_matrix_memcpy(dW2, W2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ2, A1, 2.0 * lambd, dW2);
    for (r = 0; r < n_y; r++) {
        acc = 0.0;
        for (c = 0; c < m; c++)
            acc += gsl_matrix_get(dZ2, r, c);
        gsl_vector_set(g->db2, r, acc);      /* 1/m already in dZ2 */
    }

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, W2, dZ2, 0.0, dA1);
    for (r = 0; r < n_h; r++)
        for (c = 0; c < m; c++)
            gsl_matrix_set(dZ1, r, c, gsl_matrix_get(Z1, r, c) > 0.0
                                      ? gsl_matrix_get(dA1, r, c) : 0.0);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ1, Xc, 2.0 * lambd, dW1);
    for (r = 0; r < n_h; r++) {
        acc = 0.0;
        for (c = 0; c < m; c++)
            acc += gsl_matrix_get(dZ1, r, c);
        gsl_vector_set(g->db1, r, acc / m);
    }

    TRANSPOSED(g->dz2, dZ2);
    TRANSPOSED(g->dW2, dW2);
    TRANSPOSED(g->dp1, dA1);
    TRANSPOSED(g->dz1, dZ1);
    TRANSPOSED(g->dW1, dW1);

    gsl_matrix_free(Xc);  gsl_matrix_free(Z1);  gsl_matrix_free(A1);
    gsl_matrix_free(W2);  gsl_matrix_free(dZ2); gsl_matrix_free(dW2);
    gsl_matrix_free(dA1); gsl_matrix_free(dZ1); gsl_matrix_free(dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
