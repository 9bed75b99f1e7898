// Two layer net -- backward.  A. Novak, evening MS, HW3
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    double a = 1.0 / N;
    gsl_matrix *R;

    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, a);

    // dW2 = p1^T dz2 / N + 2 reg W2
    R = gsl_matrix_alloc(net->H, net->C);
    gsl_matrix_memcpy(R, net->W2);
    gsl_matrix_scale(R, 2 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, a, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix_add(g->dW2, R);
    gsl_matrix_free(R);

    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

    R = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(R, net->W1);
    gsl_matrix_scale(R, 2 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_matrix_add(g->dW1, R);
    gsl_matrix_free(R);

    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz1, i);
        gsl_vector_add(g->db1, &r.vector);
    }

    // g->present &= ~(1u << BP_DZ1);   // while debugging
    g->present = BP_GRADS_ALL;
    return 0;
}
