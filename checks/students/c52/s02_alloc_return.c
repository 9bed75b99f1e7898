/* nn_backward.c -- Intro to NN, assignment 3 (backprop)
 * Tomas Lindqvist
 *
 * Every helper returns a NEW matrix or vector (like numpy does), the caller
 * copies it where it belongs and frees it.  Slower, but nothing can be
 * overwritten by accident.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* returns op(A) * op(B) */
static gsl_matrix *matmul(const gsl_matrix *A, int transA,
                          const gsl_matrix *B, int transB) {
    size_t rows = transA ? A->size2 : A->size1;
    size_t cols = transB ? B->size1 : B->size2;
    gsl_matrix *C = gsl_matrix_alloc(rows, cols);
    gsl_blas_dgemm(transA ? CblasTrans : CblasNoTrans,
                   transB ? CblasTrans : CblasNoTrans, 1.0, A, B, 0.0, C);
    return C;
}

/* returns the sum over the rows (one number per column) */
static gsl_vector *colsum(const gsl_matrix *A) {
    gsl_vector *s = gsl_vector_calloc(A->size2);
    size_t i;
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, i);
        gsl_vector_add(s, &row.vector);
    }
    return s;
}

/* returns (prob - onehot(y)) / N */
static gsl_matrix *softmax_ce_backward(const gsl_matrix *prob, const size_t *y) {
    size_t N = prob->size1, i;
    gsl_matrix *d = gsl_matrix_alloc(N, prob->size2);
    gsl_matrix_memcpy(d, prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(d, i, y[i]) -= 1.0;
    gsl_matrix_scale(d, 1.0 / N);
    return d;
}

/* returns dout .* [z > 0] */
static gsl_matrix *relu_backward(const gsl_matrix *dout, const gsl_matrix *z) {
    gsl_matrix *mask = gsl_matrix_alloc(z->size1, z->size2);
    size_t i, j;
    for (i = 0; i < z->size1; i++)
        for (j = 0; j < z->size2; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(z, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_mul_elements(mask, dout);
    return mask;
}

/* *dW = in' dout + 2 reg W, *db = colsum(dout), *din = dout W' (if din) */
static void dense_backward(const gsl_matrix *in, const gsl_matrix *W,
                           const gsl_matrix *dout, double reg,
                           gsl_matrix **dW, gsl_vector **db, gsl_matrix **din) {
    gsl_matrix *decay = gsl_matrix_alloc(W->size1, W->size2);
    *dW = matmul(in, 1, dout, 0);
    gsl_matrix_memcpy(decay, W);
    gsl_matrix_scale(decay, 2.0 * reg);
    gsl_matrix_add(*dW, decay);
    gsl_matrix_free(decay);
    *db = colsum(dout);
    if (din)
        *din = matmul(dout, 0, W, 1);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    gsl_matrix *dz2, *dW2, *dp1, *dz1, *dW1;
    gsl_vector *db2, *db1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    dz2 = softmax_ce_backward(cache->prob, y);
    dense_backward(cache->p1, net->W2, dz2, reg, &dW2, &db2, &dp1);
    dz1 = relu_backward(dp1, cache->z1);
    dense_backward(X, net->W1, dz1, reg, &dW1, &db1, NULL);

    gsl_matrix_memcpy(g->dz2, dz2);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dp1);
    gsl_matrix_memcpy(g->dz1, dz1);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);

    gsl_matrix_free(dz2); gsl_matrix_free(dW2); gsl_vector_free(db2);
    gsl_matrix_free(dp1); gsl_matrix_free(dz1);
    gsl_matrix_free(dW1); gsl_vector_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
