/* backward.c -- my HW3 backward pass, numpy style.
 *
 * np_* helpers at the top do what the numpy function of the same name does,
 * so main code = python code.  shapes in the comments: N batch, H hidden,
 * C classes, D input.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define ROWS(A) ((A)->size1)
#define COLS(A) ((A)->size2)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A.T @ B or A @ B.T, via BLAS */
static void np_dot(CBLAS_TRANSPOSE_t ta, const gsl_matrix *A,
                   CBLAS_TRANSPOSE_t tb, const gsl_matrix *B, gsl_matrix *out)
{
    gsl_blas_dgemm(ta, tb, 1.0, A, B, 0.0, out);
}

static void np_sub(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    gsl_matrix_memcpy(out, A);
    gsl_matrix_sub(out, B);
}

static void np_scale(gsl_matrix *A, double s)
{
    gsl_matrix_scale(A, s);
}

/* np.sum(A, axis=0) -> out (COLS(A)) */
static void np_sum_axis0(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < COLS(A); j++)
        gsl_vector_set(out, j, 0.0);  /* was: first row, but out had garbage */
    for (i = 1; i < ROWS(A); i++)
        for (j = 0; j < COLS(A); j++)
            gsl_vector_set(out, j, gsl_vector_get(out, j) + gsl_matrix_get(A, i, j));
}

/* np.where(M > 0, A, 0) */
static void np_where_positive(const gsl_matrix *M, const gsl_matrix *A, gsl_matrix *out)
{
    size_t i, j;
    for (i = 0; i < ROWS(A); i++)
        for (j = 0; j < COLS(A); j++)
            gsl_matrix_set(out, i, j, gsl_matrix_get(M, i, j) > 0 ? gsl_matrix_get(A, i, j) : 0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = ROWS(X), i;
    gsl_matrix *onehot;   /* (N, C) */

    if (N != cache->N || COLS(X) != net->D || g->N != N)
        return 1;

    onehot = gsl_matrix_calloc(N, net->C);
    if (!onehot)
        return 1;
    for (i = 0; i < N; i++)
        gsl_matrix_set(onehot, i, y[i], 1.0);

    /* dz2 = (probs - onehot) / N                     (N, C) */
    np_sub(cache->prob, onehot, g->dz2);
    np_scale(g->dz2, 1.0 / (double)N);

    /* dW2 = p1.T @ dz2 + 2*reg*W2                    (H, C) */
    np_dot(CblasTrans, cache->p1, CblasNoTrans, g->dz2, g->dW2);
    {   /* flat views, W and dW2 are contiguous (tda == cols) */
        gsl_vector_const_view w = gsl_vector_const_view_array(net->W2->data, ROWS(net->W2) * COLS(net->W2));
        gsl_vector_view dw = gsl_vector_view_array(g->dW2->data, ROWS(g->dW2) * COLS(g->dW2));
        gsl_blas_daxpy(2.0 * reg, &w.vector, &dw.vector);
    }

    /* db2 = np.sum(dz2, axis=0)                      (C) */
    np_sum_axis0(g->dz2, g->db2);

    /* dp1 = dz2 @ W2.T                               (N, H) */
    np_dot(CblasNoTrans, g->dz2, CblasTrans, net->W2, g->dp1);

    /* dz1 = np.where(z1 > 0, dp1, 0)                 (N, H) */
    np_where_positive(cache->z1, g->dp1, g->dz1);

    /* dW1 = X.T @ dz1 + 2*reg*W1                     (D, H) */
    np_dot(CblasTrans, X, CblasNoTrans, g->dz1, g->dW1);
    {   /* flat views, W and dW1 are contiguous (tda == cols) */
        gsl_vector_const_view w = gsl_vector_const_view_array(net->W1->data, ROWS(net->W1) * COLS(net->W1));
        gsl_vector_view dw = gsl_vector_view_array(g->dW1->data, ROWS(g->dW1) * COLS(g->dW1));
        gsl_blas_daxpy(2.0 * reg, &w.vector, &dw.vector);
    }

    /* db1 = np.sum(dz1, axis=0)                      (H) */
    np_sum_axis0(g->dz1, g->db1);

    gsl_matrix_free(onehot);
    g->present = BP_GRADS_ALL;
    return 0;
}
