// backward.c -- bootcamp week 6, the backward pass.
//
// Row by row with GSL views (gsl_matrix_row / gsl_vector_* functions),
// because a row of a batch is one sample and that is how I think about it.
// BLAS level 2 for the matrix-vector parts.

#include <stdbool.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// Elementwise ReLU backward on one row.
// relu(x) = max(0, x), so the gradient only flows where it is positive.
static void relu_backward_row(const gsl_vector *grad_out, gsl_vector *grad_in)
{
    for (size_t j = 0; j < grad_out->size; j++) {
        double v = gsl_vector_get(grad_out, j);
        gsl_vector_set(grad_in, j, (v > 0.0) ? v : 0.0);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (!net || !X || !y || !cache || !g) return 1;
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    // biases: column sums, built up row by row
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view prob_i = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view dz2_i = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dp1_i = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dz1_i = gsl_matrix_row(g->dz1, i);

        // dz2_i = (prob_i - e_{y_i}) / N
        gsl_vector_memcpy(&dz2_i.vector, &prob_i.vector);
        gsl_vector_set(&dz2_i.vector, y[i], gsl_vector_get(&dz2_i.vector, y[i]) - 1.0);
        gsl_vector_scale(&dz2_i.vector, 1.0 / (double) N);
        gsl_vector_add(g->db2, &dz2_i.vector);

        // dp1_i = W2 dz2_i
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2_i.vector, 0.0, &dp1_i.vector);

        // dz1_i = relu backward
        relu_backward_row(&dp1_i.vector, &dz1_i.vector);
        gsl_vector_add(g->db1, &dz1_i.vector);
    }

    // weight gradients in one go: dW = in^T delta + 2 reg W
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
