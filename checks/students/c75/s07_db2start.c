// backward.c -- HW3, backward pass with GSL views.
// Bias gradients are column sums, done by adding the rows of the matrix.

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2 = (prob - onehot(y)) / N, one row at a time
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view p = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view d = gsl_matrix_row(g->dz2, i);
        gsl_vector_memcpy(&d.vector, &p.vector);
        *gsl_vector_ptr(&d.vector, y[i]) -= 1.0;
        gsl_vector_scale(&d.vector, 1.0 / N);
    }

    // dW2 = p1' dz2 + 2*reg*W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    // db2 = sum of the rows of dz2: start from row 0, add the others
    {
        gsl_vector_const_view r0 = gsl_matrix_const_row(g->dz2, 0);
        gsl_vector_memcpy(g->db2, &r0.vector);
        for (size_t i = 0; i < N; i++) {
            gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
            gsl_vector_add(g->db2, &r.vector);
        }
    }

    // dp1 = dz2 W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 where z1 > 0
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view z = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view dp = gsl_matrix_const_row(g->dp1, i);
        gsl_vector_view dz = gsl_matrix_row(g->dz1, i);
        for (size_t j = 0; j < z.vector.size; j++)
            gsl_vector_set(&dz.vector, j,
                           gsl_vector_get(&z.vector, j) > 0.0 ? gsl_vector_get(&dp.vector, j) : 0.0);
    }

    // dW1 = X' dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    // db1, same trick but from zero
    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
