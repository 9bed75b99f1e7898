/* backward.c -- Assignment 2, backward pass
 * dp1 is computed first, then copied into dz1 and the relu is applied
 * to dz1 in place (negative entries cannot pass the relu). */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    double *row;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* scores gradient */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        row = gsl_matrix_ptr(g->dz2, i, 0);
        row[y[i]] -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    /* hidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        row = gsl_matrix_ptr(g->dz1, i, 0);
        for (j = 0; j < net->H; j++)
            if (row[j] < 0.0)
                row[j] = 0.0;
    }

    /* W1, b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
