/**
 * backward.c
 *
 * Machine Learning, problem set 3, question 2 (backprop).
 *
 * I followed the derivation from the tutorial:
 *   dscores  = (softmax - onehot) / N
 *   dW2      = h^T dscores + 2*reg*W2,   db2 = sum_rows(dscores)
 *   dh       = dscores W2^T
 *   dhpre    = dh * 1[hpre > 0]
 *   dW1      = X^T dhpre + 2*reg*W1,     db1 = sum_rows(dhpre)
 */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef gsl_matrix mat;
typedef gsl_vector vec;

static mat *new_like(const mat *A) { return gsl_matrix_alloc(A->size1, A->size2); }

static mat *matmul(const mat *A, CBLAS_TRANSPOSE_t tA, const mat *B, CBLAS_TRANSPOSE_t tB)
{
    mat *C = gsl_matrix_alloc(tA == CblasTrans ? A->size2 : A->size1,
                              tB == CblasTrans ? B->size1 : B->size2);
    gsl_blas_dgemm(tA, tB, 1.0, A, B, 0.0, C);
    return C;
}

/* a - b */
static mat *sub(const mat *a, const mat *b)
{
    mat *c = new_like(a);
    gsl_matrix_memcpy(c, a);
    gsl_matrix_sub(c, b);
    return c;
}

static mat *add(const mat *a, const mat *b)
{
    mat *c = new_like(a);
    gsl_matrix_memcpy(c, a);
    gsl_matrix_add(c, b);
    return c;
}

static mat *mul_scalar(const mat *a, double s)
{
    mat *c = new_like(a);
    gsl_matrix_memcpy(c, a);
    gsl_matrix_scale(c, s);
    return c;
}

static mat *relu_grad(const mat *dA, const mat *Z)
{
    mat *c = new_like(dA);
    for (size_t i = 0; i < Z->size1; i++)
        for (size_t j = 0; j < Z->size2; j++)
            gsl_matrix_set(c, i, j, gsl_matrix_get(Z, i, j) > 0 ? gsl_matrix_get(dA, i, j) : 0.0);
    return c;
}

static vec *sum_rows(const mat *A)
{
    vec *s = gsl_vector_calloc(A->size2);
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            s->data[j * s->stride] += gsl_matrix_get(A, i, j);
    return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, C = net->C;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* onehot(y) */
    mat *onehot = gsl_matrix_calloc(N, C);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(onehot, i, y[i], 1.0);

    mat *dscores = mul_scalar(sub(onehot, cache->prob), 1.0 / N);
    mat *dW2     = add(matmul(cache->p1, CblasTrans, dscores, CblasNoTrans),
                       mul_scalar(net->W2, 2.0 * reg));
    vec *db2     = sum_rows(dscores);
    mat *dh      = matmul(dscores, CblasNoTrans, net->W2, CblasTrans);
    mat *dhpre   = relu_grad(dh, cache->z1);
    mat *dW1     = add(matmul(X, CblasTrans, dhpre, CblasNoTrans),
                       mul_scalar(net->W1, 2.0 * reg));
    vec *db1     = sum_rows(dhpre);

    gsl_matrix_memcpy(g->dz2, dscores);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dh);
    gsl_matrix_memcpy(g->dz1, dhpre);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
