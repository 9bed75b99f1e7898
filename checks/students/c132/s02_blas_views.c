/* Assignment 4 - backprop for the 2 layer network.
 * I used gsl_blas_dgemm for the matrix products because the loops were
 * slow on my laptop (the tutor said it is allowed).
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t n, h;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    // dZ2 : copy the probabilities, take one off the right class, divide by N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++) {
        double p = gsl_matrix_get(g->dz2, n, y[n]);
        gsl_matrix_set(g->dz2, n, y[n], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2 = A1.T @ dZ2 + 2 reg W2
    // trick from the lecture: copy W2 in first and use beta = 2*reg
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    // db2 = column sums, with a vector of ones: db2 = dZ2.T @ ones
    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    // dA1 = dZ2 @ W2.T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dZ1 = dA1 where Z1 > 0, row by row with views
    for (n = 0; n < N; n++) {
        gsl_vector_const_view zrow = gsl_matrix_const_row(cache->z1, n);
        gsl_vector_const_view arow = gsl_matrix_const_row(g->dp1, n);
        gsl_vector_view drow = gsl_matrix_row(g->dz1, n);
        for (h = 0; h < net->H; h++) {
            double v = gsl_vector_get(&zrow.vector, h) > 0.0
                       ? gsl_vector_get(&arow.vector, h) : 0.0;
            gsl_vector_set(&drow.vector, h, v);
        }
    }

    // dW1 = X.T @ dZ1 + 2 reg W1 (same trick)
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1 = dZ1.T @ ones
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
