/* Backward pass for the 2-layer net (CS231n style, rows are samples).
 * All products with gsl_blas_dgemm; I make the transposes explicitly
 * (W2t, A1t, Xt) so every call is a plain A*B like in MATLAB.
 * The weight gradients start as 2*reg*W and dgemm adds the product on
 * top (beta = 1).  Bias gradients are ones(1,N) * dZ. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i;
    gsl_matrix *onesN, *A1t, *W2t, *Xt, *mask, *db2row, *db1row;
    gsl_vector_view v;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    onesN  = gsl_matrix_alloc(1, N);
    A1t    = gsl_matrix_alloc(H, N);
    W2t    = gsl_matrix_alloc(C, H);
    Xt     = gsl_matrix_alloc(D, N);
    mask   = gsl_matrix_alloc(N, H);
    db2row = gsl_matrix_alloc(1, C);
    db1row = gsl_matrix_alloc(1, H);
    gsl_matrix_set_all(onesN, 1.0);

    /* dZ2 = P/N, then -1/N where the label is */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / N);
    for (i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr(g->dz2, i, y[i]);
        *p -= 1.0 / N;
    }

    /* dW2 = A1t*dZ2 + 2 reg W2 */
    gsl_matrix_transpose_memcpy(A1t, cache->p1);
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A1t, g->dz2, 1.0, g->dW2);

    /* db2 = ones(1,N)*dZ2 */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, onesN, g->dz2, 0.0, db2row);
    v = gsl_matrix_row(db2row, 0);
    gsl_vector_memcpy(g->db2, &v.vector);

    /* dA1 = dZ2*W2t */
    gsl_matrix_transpose_memcpy(W2t, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2t, 0.0, g->dp1);

    /* dZ1 = dA1 .* (A1 > 0)  (A1 > 0 exactly where Z1 > 0) */
    gsl_matrix_memcpy(mask, cache->p1);
    {
        size_t r, c;
        for (c = 0; c < H; c++)
            for (r = 0; r < N; r++)
                if (gsl_matrix_get(mask, r, c) > 0.0)
                    gsl_matrix_set(mask, r, c, 1.0);
    }
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);

    /* dW1 = Xt*dZ1 + 2 reg W1 */
    gsl_matrix_transpose_memcpy(Xt, X);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, Xt, g->dz1, 1.0, g->dW1);

    /* db1 = ones(1,N)*dZ1 */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, onesN, g->dz1, 0.0, db1row);
    v = gsl_matrix_row(db1row, 0);
    gsl_vector_memcpy(g->db1, &v.vector);

    gsl_matrix_free(onesN);
    gsl_matrix_free(A1t);
    gsl_matrix_free(W2t);
    gsl_matrix_free(Xt);
    gsl_matrix_free(mask);
    gsl_matrix_free(db2row);
    gsl_matrix_free(db1row);

    g->present = BP_GRADS_ALL;
    return 0;
}
