// Lab 4 - backward
// dW2 row h gets dz2_n scaled by p1[n][h] (that is the outer product
// written out), plus the regularisation 2*reg*W2 row h.

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H;

    // ---- output layer ----
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    for (size_t n = 0; n < N; n++)
    {
        gsl_vector_view dz2n = gsl_matrix_row(g->dz2, n);
        gsl_vector_const_view probn = gsl_matrix_const_row(cache->prob, n);
        gsl_vector_memcpy(&dz2n.vector, &probn.vector);
        gsl_vector_set(&dz2n.vector, y[n], gsl_vector_get(&dz2n.vector, y[n]) - 1);
        gsl_vector_scale(&dz2n.vector, 1.0 / N);

        for (size_t h = 0; h < H; h++)
        {
            gsl_vector_view dW2h = gsl_matrix_row(g->dW2, h);
            gsl_vector_const_view W2h = gsl_matrix_const_row(net->W2, h);
            gsl_blas_daxpy(gsl_matrix_get(cache->p1, n, h), &dz2n.vector, &dW2h.vector);
            gsl_blas_daxpy(2 * reg, &W2h.vector, &dW2h.vector);
        }
        gsl_vector_add(g->db2, &dz2n.vector);
    }

    // ---- hidden layer ----
    for (size_t n = 0; n < N; n++)
    {
        gsl_vector_const_view dz2n = gsl_matrix_const_row(g->dz2, n);
        gsl_vector_view dp1n = gsl_matrix_row(g->dp1, n);
        gsl_vector_view dz1n = gsl_matrix_row(g->dz1, n);
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2n.vector, 0.0, &dp1n.vector);
        for (size_t h = 0; h < H; h++)
        {
            double d = gsl_vector_get(&dp1n.vector, h);
            gsl_vector_set(&dz1n.vector, h, gsl_matrix_get(cache->z1, n, h) > 0 ? d : 0);
        }
    }

    // ---- input layer ----
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2 * reg);
    gsl_vector_set_zero(g->db1);
    for (size_t n = 0; n < N; n++)
    {
        gsl_vector_const_view xn = gsl_matrix_const_row(X, n);
        gsl_vector_const_view dz1n = gsl_matrix_const_row(g->dz1, n);
        gsl_blas_dger(1.0, &xn.vector, &dz1n.vector, g->dW1);
        gsl_vector_add(g->db1, &dz1n.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
