/*
 * Backward pass.  I recompute the softmax from the scores myself the way
 * the MATLAB starter did it:
 *     E = exp(S - repmat(max(S,[],2),1,C));
 *     P = E ./ repmat(sum(E,2),1,C);
 *     dS = (P - Y) / N;
 * and transpose explicitly (transpose_memcpy) instead of the BLAS flags.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = repmat(v, 1, ncols)  (v is a column, one entry per row) */
static void repmat_rows(const gsl_vector *v, gsl_matrix *out)
{
    size_t i, j;
    for (i = 0; i < out->size1; i++)
        for (j = 0; j < out->size2; j++)
            gsl_matrix_set(out, i, j, gsl_vector_get(v, i));
}

/* s = sum(A, 2) : one sum per row */
static void sum_rows(const gsl_matrix *A, gsl_vector *s)
{
    size_t i, j;
    for (i = 0; i < A->size1; i++) {
        double t = 0;
        for (j = 0; j < A->size2; j++)
            t += gsl_matrix_get(A, i, j);
        gsl_vector_set(s, i, t);
    }
}

/* s = sum(A, 1) : one sum per column */
static void sum_cols(const gsl_matrix *A, gsl_vector *s)
{
    size_t j, i;
    for (j = 0; j < A->size2; j++) {
        double t = 0;
        gsl_vector_const_view col = gsl_matrix_const_column(A, j);
        for (i = 0; i < col.vector.size; i++)
            t += gsl_vector_get(&col.vector, i);
        gsl_vector_set(s, j, t);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, C = net->C, i, j;
    gsl_matrix *E, *R, *XT, *P1T;
    gsl_vector *rs;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    E = gsl_matrix_alloc(N, C);
    R = gsl_matrix_alloc(N, C);
    rs = gsl_vector_alloc(N);
    XT = gsl_matrix_alloc(net->D, N);
    P1T = gsl_matrix_alloc(net->H, N);

    /* E = exp(S - max per row) */
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(cache->z2, i);
        double mx = gsl_vector_max(&r.vector);
        for (j = 0; j < C; j++)
            gsl_matrix_set(E, i, j, exp(gsl_matrix_get(cache->z2, i, j) - mx));
    }
    sum_rows(E, rs);
    repmat_rows(rs, R);
    gsl_matrix_div_elements(E, R);          /* E is now P */

    /* dS = (P - Y)/N, in place in g->dz2 */
    gsl_matrix_memcpy(g->dz2, E);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* dW2 = P1' * dS + 2 reg W2 */
    gsl_matrix_transpose_memcpy(P1T, cache->p1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, P1T, g->dz2, 0.0, g->dW2);
    for (i = 0; i < net->H; i++)
        for (j = 0; j < C; j++)
            *gsl_matrix_ptr(g->dW2, i, j) += 2 * reg * gsl_matrix_get(net->W2, i, j);
    sum_cols(g->dz2, g->db2);

    /* dP1 = dS * W2',  dZ1 = dP1 .* (Z1 > 0) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (!(gsl_matrix_get(cache->z1, i, j) > 0))
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* dW1 = X' * dZ1 + 2 reg W1 */
    gsl_matrix_transpose_memcpy(XT, X);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, 0.0, g->dW1);
    {
        gsl_matrix *tmp = gsl_matrix_alloc(net->D, net->H);
        gsl_matrix_memcpy(tmp, net->W1);
        gsl_matrix_scale(tmp, 2 * reg);
        gsl_matrix_add(g->dW1, tmp);
        gsl_matrix_free(tmp);
    }
    sum_cols(g->dz1, g->db1);

    gsl_matrix_free(E);
    gsl_matrix_free(R);
    gsl_vector_free(rs);
    gsl_matrix_free(XT);
    gsl_matrix_free(P1T);
    g->present = BP_GRADS_ALL;
    return 0;
}
