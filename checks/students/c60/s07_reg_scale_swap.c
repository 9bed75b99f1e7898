/*
 * Backward pass, two-layer net.
 * Helpers in MATLAB spirit: each returns a NEW matrix, caller frees.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* B = A' */
static gsl_matrix *trans(const gsl_matrix *A)
{
    gsl_matrix *B = gsl_matrix_alloc(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(B, A);
    return B;
}

/* C = A*B */
static gsl_matrix *mtimes(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *P = gsl_matrix_alloc(A->size1, B->size2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, P);
    return P;
}

/* B = copy of A */
static gsl_matrix *copy(const gsl_matrix *A)
{
    gsl_matrix *B = gsl_matrix_alloc(A->size1, A->size2);
    gsl_matrix_memcpy(B, A);
    return B;
}

/* v = sum(A,1), column sums */
static void sum_cols(const gsl_matrix *A, gsl_vector *v)
{
    size_t i, j;
    double s;
    for (j = 0; j < A->size2; j++)
    {
        s = 0.0;
        for (i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(v, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, i, j;
    gsl_matrix *dZ2, *A1t, *dW2, *R2, *W2t, *dA1, *dZ1, *Xt, *dW1, *R1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dZ2 = (P - Y)/N */
    dZ2 = copy(cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dZ2, i, y[i], gsl_matrix_get(dZ2, i, y[i]) - 1.0);
    gsl_matrix_scale(dZ2, 1.0 / (double) N);
    gsl_matrix_memcpy(g->dz2, dZ2);

    /* dW2 = A1'*dZ2 + 2*reg*W2 */
    A1t = trans(cache->p1);
    dW2 = mtimes(A1t, dZ2);
    R2 = copy(net->W2);
    gsl_matrix_scale(dW2, 2.0 * reg);
    gsl_matrix_add(dW2, R2);
    gsl_matrix_memcpy(g->dW2, dW2);

    /* db2 = sum(dZ2,1) */
    sum_cols(dZ2, g->db2);

    /* dA1 = dZ2*W2' */
    W2t = trans(net->W2);
    dA1 = mtimes(dZ2, W2t);
    gsl_matrix_memcpy(g->dp1, dA1);

    /* dZ1 = dA1 .* (Z1 > 0) */
    dZ1 = copy(dA1);
    for (j = 0; j < H; j++)
        for (i = 0; i < N; i++)
            if (!(gsl_matrix_get(cache->z1, i, j) > 0.0))
                gsl_matrix_set(dZ1, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, dZ1);

    /* dW1 = X'*dZ1 + 2*reg*W1 */
    Xt = trans(X);
    dW1 = mtimes(Xt, dZ1);
    R1 = copy(net->W1);
    gsl_matrix_scale(R1, 2.0 * reg);
    gsl_matrix_add(dW1, R1);
    gsl_matrix_memcpy(g->dW1, dW1);

    /* db1 = sum(dZ1,1) */
    sum_cols(dZ1, g->db1);

    gsl_matrix_free(dZ2);
    gsl_matrix_free(A1t);
    gsl_matrix_free(dW2);
    gsl_matrix_free(R2);
    gsl_matrix_free(W2t);
    gsl_matrix_free(dA1);
    gsl_matrix_free(dZ1);
    gsl_matrix_free(Xt);
    gsl_matrix_free(dW1);
    gsl_matrix_free(R1);

    g->present = BP_GRADS_ALL;
    return 0;
}
