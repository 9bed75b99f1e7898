/*  Backward propagation, two-layer network.
 *  I compute everything into my own matrices first (dZ2, dA1, dZ1, dW1, dW2)
 *  and only copy them into g at the end, so g is never half-written.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    gsl_matrix *Y   = gsl_matrix_calloc(N, C);
    gsl_matrix *M   = gsl_matrix_calloc(N, H);
    gsl_matrix *XT  = gsl_matrix_alloc(D, N);
    gsl_matrix *A1T = gsl_matrix_alloc(H, N);
    gsl_matrix *W2T = gsl_matrix_alloc(C, H);
    gsl_matrix *dZ2 = gsl_matrix_alloc(N, C);
    gsl_matrix *dW2 = gsl_matrix_alloc(H, C);
    gsl_matrix *dA1 = gsl_matrix_alloc(N, H);
    gsl_matrix *dZ1 = gsl_matrix_alloc(N, H);
    gsl_matrix *dW1 = gsl_matrix_alloc(D, H);
    gsl_vector *one = gsl_vector_alloc(N);

    for (i = 0; i < N; i++)
    {
        gsl_matrix_set(Y, i, y[i], 1.0);
    }
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
            {
                gsl_matrix_set(M, i, j, 1.0);
            }
        }
    }
    gsl_matrix_transpose_memcpy(XT, X);
    gsl_matrix_transpose_memcpy(A1T, cache->p1);
    gsl_matrix_transpose_memcpy(W2T, net->W2);
    gsl_vector_set_all(one, 1.0);

    /* dZ2 = (A2 - Y) / N */
    gsl_matrix_memcpy(dZ2, cache->prob);
    gsl_matrix_sub(dZ2, Y);
    gsl_matrix_scale(dZ2, 1.0 / N);

    /* dW2 = A1^T dZ2 + 2 lambda W2 */
    gsl_matrix_memcpy(dW2, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A1T, dZ2, 2.0 * reg, dW2);

    /* dA1 = dZ2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dZ2, W2T, 0.0, dA1);

    /* dZ1 = dA1 .* M */
    gsl_matrix_memcpy(dZ1, dA1);
    gsl_matrix_mul_elements(dZ1, M);

    /* dW1 = X^T dZ1 + 2 lambda W1 */
    gsl_matrix_memcpy(dW1, net->W1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, XT, dA1, 2.0 * reg, dW1);

    /* store */
    gsl_matrix_memcpy(g->dz2, dZ2);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, dZ2, one, 0.0, g->db2);
    gsl_matrix_memcpy(g->dp1, dA1);
    gsl_matrix_memcpy(g->dz1, dZ1);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, dZ1, one, 0.0, g->db1);

    gsl_matrix_free(Y);
    gsl_matrix_free(M);
    gsl_matrix_free(XT);
    gsl_matrix_free(A1T);
    gsl_matrix_free(W2T);
    gsl_matrix_free(dZ2);
    gsl_matrix_free(dW2);
    gsl_matrix_free(dA1);
    gsl_matrix_free(dZ1);
    gsl_matrix_free(dW1);
    gsl_vector_free(one);

    g->present = BP_GRADS_ALL;
    return 0;
}
