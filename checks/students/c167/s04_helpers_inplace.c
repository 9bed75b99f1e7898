/*
 * backward.c - my backward pass
 *
 * helpers: colsum() for the bias gradients, add_l2() for the weight decay.
 * dz1 is done in place on a copy of dp1.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(m, i, j)    gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* s[j] = sum over i of A[i][j] */
static void colsum(const gsl_matrix *A, gsl_vector *s)
{
    size_t j;
    for (j = 0; j < A->size2; j++) {
        gsl_vector_const_view c = gsl_matrix_const_column(A, j);
        gsl_vector_set(s, j, gsl_vector_sum(&c.vector));
    }
}

/* dW += 2*reg*W, column by column */
static void add_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t j;
    for (j = 0; j < W->size2; j++) {
        gsl_vector_const_view w = gsl_matrix_const_column(W, j);
        gsl_vector_view dw = gsl_matrix_column(dW, j);
        gsl_blas_daxpy(2.0 * reg, &w.vector, &dw.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* scores -> dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        SET(g->dz2, i, y[i], GET(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* second layer */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    add_l2(g->dW2, net->W2, reg);
    colsum(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu, in place on dz1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (!(GET(cache->z1, i, j) > 0.0))
                SET(g->dz1, i, j, 0.0);

    /* first layer */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    add_l2(g->dW1, net->W1, reg);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
