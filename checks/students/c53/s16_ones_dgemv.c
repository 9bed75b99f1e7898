/*
 * DL - Assignment 2, backward pass
 * matrix products with gsl_blas_dgemm, bias gradients as (delta^T * ones)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    gsl_vector *ones;
    gsl_matrix *dscores, *dhidden;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);
    dscores = g->dz2;
    dhidden = g->dp1;

    /* output layer */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
    {
        gsl_vector_view row = gsl_matrix_row(dscores, i);
        gsl_vector_set(&row.vector, y[i], gsl_vector_get(&row.vector, y[i]) - 1.0);
        gsl_vector_scale(&row.vector, 1.0 / N);
    }
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, dscores, ones, 0.0, g->db2);

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
    gsl_blas_dgemv(CblasTrans, 1.0, dhidden, ones, 0.0, g->db1);

    gsl_matrix_memcpy(g->dz1, dhidden);
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
            {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

    /* regularization */
    for (i = 0; i < net->H; i++)
        for (j = 0; j < net->C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2 * reg * gsl_matrix_get(net->W2, i, j));
    for (i = 0; i < net->D; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2 * reg * gsl_matrix_get(net->W1, i, j));

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
