// CS 349 HW5 -- backward pass
// Natalie Rivera
//
// Steps (from the lecture notes):
//   dscores = probs / N, then subtract the correct class
//   grads for W2/b2, backprop to hidden, relu, grads for W1/b1

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void column_sums(const gsl_matrix *M, gsl_vector *out)
{
    gsl_vector_set_zero(out);
    for (size_t r = 0; r < M->size1; r++) {
        gsl_vector_const_view row = gsl_matrix_const_row(M, r);
        gsl_vector_add(out, &row.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / N);
    for (size_t i = 0; i < N; i++) {
        double p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }

    // W2 and b2 (regularization: d/dW reg*W^2 = 2*reg*W)
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (size_t h = 0; h < net->H; h++) {
        gsl_vector_const_view w = gsl_matrix_const_row(net->W2, h);
        gsl_vector_view dw = gsl_matrix_row(g->dW2, h);
        gsl_blas_daxpy(2.0 * reg, &w.vector, &dw.vector);
    }
    column_sums(g->dz2, g->db2);

    // hidden
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < net->H; j++) {
            double dh = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? dh : 0);
        }
    }

    // W1 and b1
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (size_t d = 0; d < net->D; d++)
        for (size_t j = 0; j < net->H; j++)
            gsl_matrix_set(g->dW1, d, j, gsl_matrix_get(g->dW1, d, j) + 2.0 * reg * gsl_matrix_get(net->W1, d, j));
    column_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
