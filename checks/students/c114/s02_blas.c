// backward.c  -- HW3 two layer net, backprop with BLAS
// I used dgemm for the matrix products (lecture 6 slide 31), loops for the rest.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix *delta2 = g->dz2;
    gsl_matrix *delta1 = g->dz1;

    // output layer error: delta2 = (probs - Y) / N
    gsl_matrix_memcpy(delta2, cache->prob);
    for (i = 0; i < N; i++) {
        double v = gsl_matrix_get(delta2, i, y[i]);
        gsl_matrix_set(delta2, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(delta2, 1.0 / (double) N);

    // grad_W2 = a1' * delta2 + 2*reg*W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, delta2, 2.0 * reg, g->dW2);

    // grad_b2 = column sums of delta2
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(delta2, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    // dp1 = delta2 * W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta2, net->W2, 0.0, g->dp1);

    // delta1 = dp1 .* relu'(z1)
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            double d = gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0;
            gsl_matrix_set(delta1, i, j, d);
        }
    }

    // grad_W1 = X' * delta1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, delta1, 2.0 * reg, g->dW1);

    // grad_b1
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(delta1, i);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
