// backward.c -- Nguyen, lab 5
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

// loss has reg*|W|^2, derivative is 2*reg*W

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix *W2reg = gsl_matrix_alloc(H, C);
    gsl_matrix *W1reg = gsl_matrix_alloc(D, H);

    /* output */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(g->dz2, i);
        gsl_vector_set(&row.vector, y[i], gsl_vector_get(&row.vector, y[i]) - 1);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix_memcpy(W2reg, net->W2);
    gsl_matrix_scale(W2reg, 2 * reg);
    gsl_matrix_add(g->dW2, W2reg);

    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    /* hidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_matrix_memcpy(W1reg, net->W1);
    gsl_matrix_scale(W1reg, reg);
    gsl_matrix_add(g->dW1, W1reg);

    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &row.vector);
    }

    gsl_matrix_free(W2reg);
    gsl_matrix_free(W1reg);
    g->present = BP_GRADS_ALL;
    return 0;
}
