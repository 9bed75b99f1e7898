/*
 * backward.c  (Jules M., ML1 2024, hw3)
 *
 * I try to use views everywhere instead of copying, as shown in the GSL
 * tutorial: rows of dz2 / dz1 for the bias sums, and a view of W2 as its
 * transpose for the backprop into the hidden layer.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void sum_rows(const gsl_matrix *A, gsl_vector *out)
{
    gsl_vector_set_zero(out);
    for (size_t i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(out, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(g->dz2, i);
        gsl_vector_set(&row.vector, y[i], gsl_vector_get(&row.vector, y[i]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* dW2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    sum_rows(g->dz2, g->db2);

    /* dp1 = dz2 W2'   --  W2' as a (C x H) view, no copy needed */
    gsl_matrix_const_view W2t = gsl_matrix_const_view_array(net->W2->data, C, H);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, &W2t.matrix, 0.0, g->dp1);

    /* dz1 = dp1 .* (z1 > 0) */
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view zr = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view pr = gsl_matrix_const_row(g->dp1, i);
        gsl_vector_view dr = gsl_matrix_row(g->dz1, i);
        for (size_t j = 0; j < H; j++)
            gsl_vector_set(&dr.vector, j,
                           gsl_vector_get(&zr.vector, j) > 0.0 ? gsl_vector_get(&pr.vector, j) : 0.0);
    }

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
