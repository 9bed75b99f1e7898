// hw4 backward pass -- two layer net
// Every gradient gets its own loop over the samples (easier to debug one
// at a time with gradcheck).  Rows are GSL views, the one-hot row is a
// basis vector.

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// m[j] = 1 where z[j] > 0, 0 elsewhere
static void relu_mask(const gsl_vector *z, gsl_vector *m) {
    for (size_t j = 0; j < z->size; j++) {
        gsl_vector_set(m, j, gsl_vector_get(z, j) > 0.0 ? 1.0 : 0.0);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    gsl_vector *onehot = gsl_vector_alloc(C);
    gsl_vector *mask = gsl_vector_alloc(H);

    // dz2 = (prob - onehot) / N
    for (size_t n = 0; n < N; n++) {
        gsl_vector_const_view prob_n = gsl_matrix_const_row(cache->prob, n);
        gsl_vector_view dz2_n = gsl_matrix_row(g->dz2, n);
        gsl_vector_set_basis(onehot, y[n]);
        gsl_vector_memcpy(&dz2_n.vector, &prob_n.vector);
        gsl_vector_sub(&dz2_n.vector, onehot);
        gsl_vector_scale(&dz2_n.vector, 1.0 / (double)N);
    }

    // dW2 = p1^T dz2 (+ reg below), db2 = sum of the rows of dz2
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    for (size_t n = 0; n < N; n++) {
        gsl_vector_const_view p1_n = gsl_matrix_const_row(cache->p1, n);
        gsl_vector_const_view dz2_n = gsl_matrix_const_row(g->dz2, n);
        gsl_blas_dger(1.0, &p1_n.vector, &dz2_n.vector, g->dW2);
        gsl_blas_daxpy(1.0, &dz2_n.vector, g->db2);
    }
    for (size_t h = 0; h < H; h++) {
        gsl_vector_view W2_h = gsl_matrix_row(net->W2, h);
        gsl_vector_view dW2_h = gsl_matrix_row(g->dW2, h);
        gsl_blas_daxpy(2.0 * reg, &W2_h.vector, &dW2_h.vector);
    }

    // dp1 = dz2 W2^T, so row n is W2 times dz2_n
    for (size_t n = 0; n < N; n++) {
        gsl_vector_const_view dz2_n = gsl_matrix_const_row(g->dz2, n);
        gsl_vector_view dp1_n = gsl_matrix_row(g->dp1, n);
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2_n.vector, 0.0, &dp1_n.vector);
    }

    // dz1 = dp1 * relu'(z1)
    for (size_t n = 0; n < N; n++) {
        gsl_vector_const_view z1_n = gsl_matrix_const_row(cache->z1, n);
        gsl_vector_const_view dp1_n = gsl_matrix_const_row(g->dp1, n);
        gsl_vector_view dz1_n = gsl_matrix_row(g->dz1, n);
        relu_mask(&z1_n.vector, mask);
        gsl_vector_memcpy(&dz1_n.vector, &dp1_n.vector);
        gsl_vector_mul(&dz1_n.vector, mask);
    }

    // dW1 = X^T dz1 + 2 reg W1, db1 = sum of the rows of dz1
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);
    for (size_t n = 0; n < N; n++) {
        gsl_vector_const_view x_n = gsl_matrix_const_row(X, n);
        gsl_vector_const_view dz1_n = gsl_matrix_const_row(g->dz1, n);
        gsl_blas_dger(1.0, &x_n.vector, &dz1_n.vector, g->dW1);
        gsl_blas_daxpy(1.0, &dz1_n.vector, g->db1);
    }
    for (size_t d = 0; d < D; d++) {
        gsl_vector_view W1_d = gsl_matrix_row(net->W1, d);
        gsl_vector_view dW1_d = gsl_matrix_row(g->dW1, d);
        gsl_blas_daxpy(2.0 * reg, &W1_d.vector, &dW1_d.vector);
    }

    gsl_vector_free(onehot);
    gsl_vector_free(mask);
    g->present = BP_GRADS_ALL;
    return 0;
}
