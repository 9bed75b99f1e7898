/* backward.c -- backprop, MATLAB style.
 * sum(A, dim) and colon(A, v) (v = A(:)) are my own little helpers. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* sum(A, dim) as in MATLAB: dim 1 -> 1 x n row of column sums,
 * dim 2 -> m x 1 column of row sums.  New matrix. */
static gsl_matrix *sum(const gsl_matrix *A, int dim)
{
    size_t i, j;
    gsl_matrix *S;
    if (dim == 1) {
        S = gsl_matrix_calloc(1, A->size2);
        for (j = 0; j < A->size2; j++)
            for (i = 0; i < A->size1; i++)
                S->data[j] += gsl_matrix_get(A, i, j);
    } else {
        S = gsl_matrix_calloc(A->size1, 1);
        for (j = 0; j < A->size2; j++)
            for (i = 0; i < A->size1; i++)
                S->data[i * S->tda] += gsl_matrix_get(A, i, j);
    }
    return S;
}

/* v = A(:), as many entries as v has (A is a row or a column) */
static void colon(const gsl_matrix *A, gsl_vector *v)
{
    size_t k;
    for (k = 0; k < v->size; k++)
        gsl_vector_set(v, k, A->size1 == 1 ? gsl_matrix_get(A, 0, k)
                                           : gsl_matrix_get(A, k, 0));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, i;
    gsl_matrix *Y, *dZ2, *W2t, *Z1pos, *S;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dZ2 = (P - Y)/N */
    Y = gsl_matrix_calloc(N, C);
    for (i = 0; i < N; i++)
        gsl_matrix_set(Y, i, y[i], 1.0);
    dZ2 = gsl_matrix_alloc(N, C);
    gsl_matrix_memcpy(dZ2, cache->prob);
    gsl_matrix_sub(dZ2, Y);
    gsl_matrix_scale(dZ2, 1.0 / (double) N);
    gsl_matrix_memcpy(g->dz2, dZ2);

    /* dW2 = A1'*dZ2 + 2*reg*W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dZ2,
                   2.0 * reg, g->dW2);

    /* db2 = sum(dZ2, 2) */
    S = sum(dZ2, 2);
    colon(S, g->db2);
    gsl_matrix_free(S);

    /* dA1 = dZ2*W2' */
    W2t = gsl_matrix_alloc(C, H);
    gsl_matrix_transpose_memcpy(W2t, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dZ2, W2t, 0.0, g->dp1);

    /* dZ1 = dA1 .* (Z1 > 0) */
    Z1pos = gsl_matrix_alloc(N, H);
    gsl_matrix_memcpy(Z1pos, cache->z1);
    for (i = 0; i < N * H; i++)
        Z1pos->data[i] = Z1pos->data[i] > 0.0 ? 1.0 : 0.0;
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, Z1pos);

    /* dW1 = X'*dZ1 + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 = sum(dZ1, 1) */
    S = sum(g->dz1, 1);
    colon(S, g->db1);
    gsl_matrix_free(S);

    gsl_matrix_free(Y);
    gsl_matrix_free(dZ2);
    gsl_matrix_free(W2t);
    gsl_matrix_free(Z1pos);

    g->present = BP_GRADS_ALL;
    return 0;
}
