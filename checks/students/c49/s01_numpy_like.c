/* backward.c -- ML homework 3, backward pass of the 2-layer net
 *
 * I did not want to write index loops for every formula, so I made a few
 * helpers that behave like numpy: each one returns a NEW matrix and the
 * caller frees it.  Then every gradient is one line, like on the slides:
 *
 *   dz2 = (P - Y)/N            dW2 = p1^T dz2 + 2 reg W2    db2 = 1^T dz2
 *   dp1 = dz2 W2^T             dz1 = dp1 .* [z1 > 0]
 *   dW1 = X^T dz1 + 2 reg W1   db1 = 1^T dz1
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* ---- helpers (all return fresh memory!) ---- */

static gsl_matrix *mm(const gsl_matrix *A, CBLAS_TRANSPOSE_t ta,
                      const gsl_matrix *B, CBLAS_TRANSPOSE_t tb)
{
    size_t rows = (ta == CblasNoTrans) ? A->size1 : A->size2;
    size_t cols = (tb == CblasNoTrans) ? B->size2 : B->size1;
    gsl_matrix *C = gsl_matrix_alloc(rows, cols);
    gsl_blas_dgemm(ta, tb, 1.0, A, B, 0.0, C);
    return C;
}

static gsl_matrix *plus(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *C = gsl_matrix_alloc(A->size1, A->size2);
    gsl_matrix_memcpy(C, A);
    gsl_matrix_add(C, B);
    return C;
}

static gsl_matrix *minus(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *C = gsl_matrix_alloc(A->size1, A->size2);
    gsl_matrix_memcpy(C, A);
    gsl_matrix_sub(C, B);
    return C;
}

static gsl_matrix *scaled(const gsl_matrix *A, double s)
{
    gsl_matrix *C = gsl_matrix_alloc(A->size1, A->size2);
    gsl_matrix_memcpy(C, A);
    gsl_matrix_scale(C, s);
    return C;
}

static gsl_matrix *hadamard(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *C = gsl_matrix_alloc(A->size1, A->size2);
    gsl_matrix_memcpy(C, A);
    gsl_matrix_mul_elements(C, B);
    return C;
}

/* 1 where z > 0, else 0 (derivative of relu) */
static gsl_matrix *relu_mask(const gsl_matrix *Z)
{
    gsl_matrix *M = gsl_matrix_alloc(Z->size1, Z->size2);
    for (size_t i = 0; i < Z->size1; i++)
        for (size_t j = 0; j < Z->size2; j++)
            gsl_matrix_set(M, i, j, gsl_matrix_get(Z, i, j) > 0.0 ? 1.0 : 0.0);
    return M;
}

/* sum over the rows -> one number per column */
static gsl_vector *colsum(const gsl_matrix *A)
{
    gsl_vector *s = gsl_vector_calloc(A->size2);
    for (size_t i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(s, &r.vector);
    }
    return s;
}

static gsl_matrix *onehot(const size_t *labels, size_t n, size_t k)
{
    gsl_matrix *Y = gsl_matrix_calloc(n, k);
    for (size_t i = 0; i < n; i++)
        gsl_matrix_set(Y, i, labels[i], 1.0);
    return Y;
}

/* ---- the backward pass ---- */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* output layer */
    gsl_matrix *Y = onehot(y, N, net->C);
    gsl_matrix *PmY = minus(cache->prob, Y);
    gsl_matrix *dz2 = scaled(PmY, 1.0 / (double) N);

    gsl_matrix *gradW2 = mm(cache->p1, CblasTrans, dz2, CblasNoTrans);
    gsl_matrix *penW2 = scaled(net->W2, 2.0 * reg);
    gsl_matrix *dW2 = plus(gradW2, penW2);
    gsl_vector *db2 = colsum(dz2);

    /* hidden layer */
    gsl_matrix *dp1 = mm(dz2, CblasNoTrans, net->W2, CblasTrans);
    gsl_matrix *mask = relu_mask(cache->z1);
    gsl_matrix *dz1 = hadamard(dp1, mask);

    gsl_matrix *gradW1 = mm(X, CblasTrans, dz1, CblasNoTrans);
    gsl_matrix *penW1 = scaled(net->W1, 2.0 * reg);
    gsl_matrix *dW1 = plus(gradW1, penW1);
    gsl_vector *db1 = colsum(dz1);

    /* copy into the output struct */
    gsl_matrix_memcpy(g->dz2, dz2);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dp1);
    gsl_matrix_memcpy(g->dz1, dz1);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);

    /* clean up everything (valgrind says 0 leaks now) */
    gsl_matrix_free(Y);      gsl_matrix_free(PmY);    gsl_matrix_free(dz2);
    gsl_matrix_free(gradW2); gsl_matrix_free(penW2);  gsl_matrix_free(dW2);
    gsl_vector_free(db2);
    gsl_matrix_free(dp1);    gsl_matrix_free(mask);   gsl_matrix_free(dz1);
    gsl_matrix_free(gradW1); gsl_matrix_free(penW1);  gsl_matrix_free(dW1);
    gsl_vector_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
