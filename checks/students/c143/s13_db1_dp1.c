// backward.c  -- Lab 4 (2-layer net, softmax + L2)
// per-sample loop, views on the rows, BLAS for the products

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void add_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    for (size_t r = 0; r < W->size1; r++) {
        gsl_vector_const_view w = gsl_matrix_const_row(W, r);
        gsl_vector_view dw = gsl_matrix_row(dW, r);
        gsl_blas_daxpy(2.0 * reg, &w.vector, &dw.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    gsl_matrix_set_zero(g->dW1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view xi  = gsl_matrix_const_row(X, i);
        gsl_vector_const_view z1i = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view p1i = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view pri = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view dz2i = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dp1i = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dz1i = gsl_matrix_row(g->dz1, i);

        // dL/dz2 for this sample
        gsl_vector_memcpy(&dz2i.vector, &pri.vector);
        *gsl_vector_ptr(&dz2i.vector, y[i]) -= 1.0;
        gsl_vector_scale(&dz2i.vector, 1.0 / (double)N);

        gsl_blas_dger(1.0, &p1i.vector, &dz2i.vector, g->dW2);
        gsl_blas_daxpy(1.0, &dz2i.vector, g->db2);

        // dp1 = W2 * dz2 (W2 is H x C)
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2i.vector, 0.0, &dp1i.vector);

        // relu
        gsl_vector_memcpy(&dz1i.vector, &dp1i.vector);
        for (size_t k = 0; k < dz1i.vector.size; k++) {
            if (gsl_vector_get(&z1i.vector, k) <= 0.0) {
                gsl_vector_set(&dz1i.vector, k, 0.0);
            }
        }

        gsl_blas_dger(1.0, &xi.vector, &dz1i.vector, g->dW1);
        gsl_blas_daxpy(1.0, &dp1i.vector, g->db1);
    }

    add_l2(g->dW2, net->W2, reg);
    add_l2(g->dW1, net->W1, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
