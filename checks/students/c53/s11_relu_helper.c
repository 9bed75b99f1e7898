/*
 * Assignment 2: backward pass of the 2-layer net
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dx = dout where x > 0, else 0 */
static void relu_backward(const gsl_matrix *dout, const gsl_matrix *x,
                          gsl_matrix *dx)
{
    size_t i, j;
    for (i = 0; i < dout->size1; i++)
        for (j = 0; j < dout->size2; j++)
            gsl_matrix_set(dx, i, j,
                           gsl_matrix_get(x, i, j) > 0 ? gsl_matrix_get(dout, i, j) : 0.0);
}

/* db = column sums of delta */
static void sum_rows(const gsl_matrix *delta, gsl_vector *db)
{
    size_t i;
    gsl_vector_set_zero(db);
    for (i = 0; i < delta->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(delta, i);
        gsl_vector_add(db, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2, db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    sum_rows(g->dz2, g->db2);

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 */
    relu_backward(g->dp1, g->dp1, g->dz1);

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
