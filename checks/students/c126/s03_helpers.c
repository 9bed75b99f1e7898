/*
 * CS-2xx assignment 3: backward pass
 * All the small matrices are made by helper functions below, so the
 * backward function itself reads like the formulas on the board.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define NEW(r, c)  gsl_matrix_calloc((r), (c))
#define DEL(A)     gsl_matrix_free(A)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* Y(i, y_i) = 1 */
static gsl_matrix *onehot(const size_t *y, size_t N, size_t C)
{
    gsl_matrix *Y = NEW(N, C);
    size_t i;
    for (i = 0; i < N; i++)
        gsl_matrix_set(Y, i, y[i], 1.0);
    return Y;
}

/* M(i, j) = 1 if z(i, j) > 0 else 0 */
static gsl_matrix *relu_mask(const gsl_matrix *z)
{
    gsl_matrix *M = NEW(z->size1, z->size2);
    size_t i, j;
    for (i = 0; i < z->size1; i++)
        for (j = 0; j < z->size2; j++)
            if (gsl_matrix_get(z, i, j) > 0.0)
                gsl_matrix_set(M, i, j, 1.0);
    return M;
}

static gsl_matrix *transposed(const gsl_matrix *A)
{
    gsl_matrix *T = NEW(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(T, A);
    return T;
}

/* out = A^T * ones, i.e. the sum of the rows of A */
static void colsum(gsl_vector *out, const gsl_matrix *A)
{
    gsl_vector *ones = gsl_vector_alloc(A->size1);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, A, ones, 0.0, out);
    gsl_vector_free(ones);
}

/* dW = AT * B + 2 reg W */
static void weight_grad(gsl_matrix *dW, const gsl_matrix *AT,
                        const gsl_matrix *B, const gsl_matrix *W, double reg)
{
    gsl_matrix *R = NEW(W->size1, W->size2);
    gsl_matrix_memcpy(R, W);
    gsl_matrix_scale(R, 2.0 * reg);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, AT, B, 0.0, dW);
    gsl_matrix_add(dW, R);
    DEL(R);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    gsl_matrix *Y, *M, *p1T, *XT, *W2T;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    Y = onehot(y, N, net->C);
    M = relu_mask(cache->z1);
    p1T = transposed(cache->p1);
    XT = transposed(X);
    W2T = transposed(net->W2);

    /* layer 2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, Y);
    gsl_matrix_scale(g->dz2, 1.0 / N);
    weight_grad(g->dW2, p1T, g->dz2, net->W2, reg);
    colsum(g->db2, g->dz2);

    /* back into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, M);

    /* layer 1 */
    weight_grad(g->dW1, XT, g->dz1, net->W1, reg);
    colsum(g->db1, g->dz1);

    DEL(Y); DEL(M); DEL(p1T); DEL(XT); DEL(W2T);
    g->present = BP_GRADS_ALL;
    return 0;
}
