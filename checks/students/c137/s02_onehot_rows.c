// backward pass, two layer net
// onehot matrix + gsl_matrix_sub, bias grads by adding up the rows

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t n = X->size1, h = net->H, c = net->C;
    gsl_matrix *Y = gsl_matrix_calloc(n, c);
    gsl_matrix *mask = gsl_matrix_alloc(n, h);

    for (size_t i = 0; i < n; i++)
        gsl_matrix_set(Y, i, y[i], 1.0);

    // scores gradient
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, Y);
    gsl_matrix_scale(g->dz2, 1.0 / (double) n);

    // W2: reg part first, then add p1^T dz2 on top (beta = 1)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    // b2: sum of the rows of dz2
    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < n; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    // back into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu: 1 where z1 > 0 else 0
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < h; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);

    // W1, same as W2
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    // b1
    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < n; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    gsl_matrix_free(Y);
    gsl_matrix_free(mask);
    g->present = BP_GRADS_ALL;
    return 0;
}
