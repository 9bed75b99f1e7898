/*
 * Assignment 3 - backward pass of the two layer network
 *
 *   dZ2 = (P - Y)/N
 *   dW2 = A1^T dZ2 + 2 reg W2        db2 = dZ2^T 1
 *   dA1 = dZ2 W2^T
 *   dZ1 = dA1 .* M                   M = [Z1 > 0]
 *   dW1 = X^T dZ1 + 2 reg W1         db1 = dZ1^T 1
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *Y, *M, *A1T, *XT, *W2T, *R2, *R1;
    gsl_vector *one;

    if (N != cache->N || D != net->D || g->N != N)
    {
        return 1;
    }

    Y = gsl_matrix_calloc(N, C);
    M = gsl_matrix_calloc(N, H);
    A1T = gsl_matrix_alloc(H, N);
    XT = gsl_matrix_alloc(D, N);
    W2T = gsl_matrix_alloc(C, H);
    R2 = gsl_matrix_alloc(H, C);
    R1 = gsl_matrix_alloc(D, H);
    one = gsl_vector_alloc(N);

    for (i = 0; i < N; i++)
    {
        gsl_matrix_set(Y, i, y[i], 1.0);
        for (j = 0; j < H; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
            {
                gsl_matrix_set(M, i, j, 1.0);
            }
        }
    }
    gsl_vector_set_all(one, 1.0);
    gsl_matrix_transpose_memcpy(A1T, cache->p1);
    gsl_matrix_transpose_memcpy(XT, X);
    gsl_matrix_transpose_memcpy(W2T, net->W2);

    /* dZ2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, Y);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* dW2 */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A1T, g->dz2, 0.0, g->dW2);
    gsl_matrix_memcpy(R2, g->dW2);
    gsl_matrix_scale(R2, 2.0 * reg);
    gsl_matrix_add(g->dW2, R2);

    /* db2 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

    /* dA1 */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);

    /* dZ1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, M);

    /* dW1 */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, 0.0, g->dW1);
    gsl_matrix_memcpy(R1, net->W1);
    gsl_matrix_scale(R1, 2.0 * reg);
    gsl_matrix_add(g->dW1, R1);

    /* db1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

    gsl_matrix_free(Y);
    gsl_matrix_free(M);
    gsl_matrix_free(A1T);
    gsl_matrix_free(XT);
    gsl_matrix_free(W2T);
    gsl_matrix_free(R2);
    gsl_matrix_free(R1);
    gsl_vector_free(one);

    g->present = BP_GRADS_ALL;
    return 0;
}
