/* backward.c -- backprop, two-layer net
 *
 * BLAS for the products (explicit transposes W2t, A1t, Xt),
 * dgemv with a ones vector for db2, a plain loop for db1.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;
    double s;
    gsl_matrix *Y, *A1t, *W2t, *Xt, *Z1pos;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    Y     = gsl_matrix_calloc(N, C);
    A1t   = gsl_matrix_alloc(H, N);
    W2t   = gsl_matrix_alloc(C, H);
    Xt    = gsl_matrix_alloc(D, N);
    Z1pos = gsl_matrix_calloc(N, H);
    ones  = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* dZ2 = (P - Y)/N */
    for (i = 0; i < N; i++)
        gsl_matrix_set(Y, i, y[i], 1.0);
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, Y);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 = A1t dZ2 + 2 reg W2 */
    gsl_matrix_transpose_memcpy(A1t, cache->p1);
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A1t, g->dz2, 2.0 * reg, g->dW2);

    /* db2 = dZ2' ones */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    /* dA1 = dZ2 W2t */
    gsl_matrix_transpose_memcpy(W2t, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2t, 0.0, g->dp1);

    /* dZ1 = dA1 .* (Z1 > 0) */
    for (j = 0; j < H; j++)
        for (i = 0; i < N; i++)
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(Z1pos, i, j, 1.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, Z1pos);

    /* dW1 = Xt dZ1 + 2 reg W1 */
    gsl_matrix_transpose_memcpy(Xt, X);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, Xt, g->dz1, 2.0 * reg, g->dW1);

    /* db1(j) = sum over i of dZ1(i,j) */
    s = 0.0;
    for (j = 0; j < H; j++) {
        for (i = 0; i < N; i++)
            s = s + gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(Y);
    gsl_matrix_free(A1t);
    gsl_matrix_free(W2t);
    gsl_matrix_free(Xt);
    gsl_matrix_free(Z1pos);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
