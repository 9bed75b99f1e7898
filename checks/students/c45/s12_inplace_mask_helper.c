/*
 * backward.c  -  Backpropagation assignment
 *
 * Written by: Olumide Adeyemi
 * Course:     Machine Learning Systems
 *
 * I reuse one general helper, zero_where_inactive(), which takes explicit
 * row/column counts so that it also works on sub-blocks (I used it for
 * mini-batch slices in the training part).  Everything else is BLAS.
 */

#include <stddef.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop.h"

enum { RC_OK = 0, RC_SHAPE = -1, RC_MEM = -2 };

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/*
 * In place: d[r][c] = 0 wherever pre[r][c] <= 0, for the first
 * n_rows x n_cols block.
 */
static void zero_where_inactive(gsl_matrix *d, const gsl_matrix *pre,
                                size_t n_rows, size_t n_cols)
{
    size_t r, c;

    for (r = 0; r < n_rows; r++) {
        for (c = 0; c < n_cols; c++) {
            if (gsl_matrix_get(pre, r, c) <= 0.0) {
                gsl_matrix_set(d, r, c, 0.0);
            }
        }
    }
}

/* b_grad = 1^T delta */
static int sum_rows_into(const gsl_matrix *delta, gsl_vector *b_grad)
{
    gsl_vector *ones = gsl_vector_alloc(delta->size1);
    int rc;

    if (ones == NULL) {
        return RC_MEM;
    }
    gsl_vector_set_all(ones, 1.0);
    rc = gsl_blas_dgemv(CblasTrans, 1.0, delta, ones, 0.0, b_grad);
    gsl_vector_free(ones);
    return rc;
}

/* grad += 2 reg W */
static int apply_l2(gsl_matrix *grad, const gsl_matrix *W, double reg)
{
    size_t r;

    for (r = 0; r < W->size1; r++) {
        gsl_vector_const_view w = gsl_matrix_const_row(W, r);
        gsl_vector_view gr = gsl_matrix_row(grad, r);
        int rc = gsl_blas_daxpy(2.0 * reg, &w.vector, &gr.vector);
        if (rc != GSL_SUCCESS) {
            return rc;
        }
    }
    return RC_OK;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t n_samples = X->size1;
    const size_t n_hidden = net->H;
    const size_t n_classes = net->C;
    size_t i;
    int rc = RC_OK;

    if (n_samples != cache->N || g->N != n_samples || X->size2 != net->D
        || cache->H != n_hidden || cache->C != n_classes) {
        return RC_SHAPE;
    }

    /* 1. dz2 */
    rc = gsl_matrix_memcpy(g->dz2, cache->prob);
    if (rc != GSL_SUCCESS) {
        goto cleanup;
    }
    for (i = 0; i < n_samples; i++) {
        double p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }
    rc = gsl_matrix_scale(g->dz2, 1.0 / (double)n_samples);
    if (rc != GSL_SUCCESS) {
        goto cleanup;
    }

    /* 2. dW2, 3. db2 */
    rc = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                        0.0, g->dW2);
    if (rc != GSL_SUCCESS) {
        goto cleanup;
    }
    rc = apply_l2(g->dW2, net->W2, reg);
    if (rc != GSL_SUCCESS) {
        goto cleanup;
    }
    rc = sum_rows_into(g->dz2, g->db2);
    if (rc != GSL_SUCCESS) {
        goto cleanup;
    }

    /* 4. dp1 */
    rc = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                        0.0, g->dp1);
    if (rc != GSL_SUCCESS) {
        goto cleanup;
    }

    /* 5. dz1: copy dp1, then kill the entries of inactive units */
    rc = gsl_matrix_memcpy(g->dz1, g->dp1);
    if (rc != GSL_SUCCESS) {
        goto cleanup;
    }
    zero_where_inactive(g->dz1, cache->z1, n_samples, n_classes);

    /* 6. dW1, 7. db1 */
    rc = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                        0.0, g->dW1);
    if (rc != GSL_SUCCESS) {
        goto cleanup;
    }
    rc = apply_l2(g->dW1, net->W1, reg);
    if (rc != GSL_SUCCESS) {
        goto cleanup;
    }
    rc = sum_rows_into(g->dz1, g->db1);
    if (rc != GSL_SUCCESS) {
        goto cleanup;
    }

    g->present = BP_GRADS_ALL;

cleanup:
    return rc;
}
